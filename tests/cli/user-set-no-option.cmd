STORE=store-users.json user set li.wei
