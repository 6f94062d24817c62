STORE=store-users.json user remove mei
