STORE=store-users.json migrate --from :memory: --to @STORE@
