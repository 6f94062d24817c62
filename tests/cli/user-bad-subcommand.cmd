STORE=store-users.json user delete mei
