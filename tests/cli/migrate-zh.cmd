STORE=store-users.json --lang zh migrate --from :memory: --to @STORE@
