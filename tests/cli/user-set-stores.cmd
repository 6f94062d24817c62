STORE=store-users.json user set anna --store "South Shop" --store "North Shop"
