STORE=store-users.json --lang zh user set mei --role viewer
