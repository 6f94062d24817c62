STORE=store-users.json user add "zoe smith" --role viewer --password-file user-password.txt
