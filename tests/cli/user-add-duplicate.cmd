STORE=store-users.json user add mei --role owner --password-file user-password.txt
