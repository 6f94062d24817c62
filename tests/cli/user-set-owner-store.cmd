STORE=store-users.json user set mei --store "North Shop"
