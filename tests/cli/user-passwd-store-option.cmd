STORE=store-users.json user passwd anna --no-stores --password-file user-password.txt
