STORE=store-users.json --lang zh user set anna --role operator --store "South Shop"
