STORE=store-users.json user set anna --store "North Shop" --no-stores
