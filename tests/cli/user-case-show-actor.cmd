STORE=store-users.json case show 1
