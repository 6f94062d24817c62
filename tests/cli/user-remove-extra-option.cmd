STORE=store-users.json user remove anna --role viewer
