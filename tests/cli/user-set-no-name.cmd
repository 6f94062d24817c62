STORE=store-users.json user set --role viewer
