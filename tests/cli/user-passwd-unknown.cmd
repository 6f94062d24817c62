STORE=store-users.json user passwd nobody --password-file user-password.txt
