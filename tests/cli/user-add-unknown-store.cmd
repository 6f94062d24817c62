STORE=store-users.json user add zoe --role viewer --store "West Shop" --password-file user-password.txt
