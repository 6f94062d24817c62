STORE=store-users.json user remove li.wei
