STORE=store-users.json user add zoe --role viewer
