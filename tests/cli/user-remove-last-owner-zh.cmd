STORE=store-users.json --lang zh user remove mei
