STORE=store-users.json user set mei --role operator
