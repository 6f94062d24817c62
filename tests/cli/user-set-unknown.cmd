STORE=store-users.json user set nobody --role viewer
