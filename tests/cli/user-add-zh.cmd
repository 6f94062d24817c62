STORE=store-users.json --lang zh user add zoe --role viewer --store "West Shop" --password-file user-password.txt
