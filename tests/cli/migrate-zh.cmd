STORE=store-users.json --lang zh migrate --from @TMP@/empty.db --to @STORE@
