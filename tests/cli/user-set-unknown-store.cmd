STORE=store-users.json user set anna --store "West Shop"
