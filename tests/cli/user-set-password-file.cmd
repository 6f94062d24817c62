STORE=store-users.json user set anna --role viewer --password-file user-password.txt
