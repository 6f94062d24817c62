STORE=store-users.json user add zoe --password-file user-password.txt
