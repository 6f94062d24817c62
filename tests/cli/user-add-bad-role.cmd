STORE=store-users.json user add zoe --role admin --password-file user-password.txt
