STORE=store-users.json user list
