STORE=store-users.json user list --role owner
