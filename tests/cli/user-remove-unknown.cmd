STORE=store-users.json user remove nobody
