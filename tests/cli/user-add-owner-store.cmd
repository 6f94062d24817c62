STORE=store-users.json user add zoe --role owner --store "North Shop" --password-file user-password.txt
