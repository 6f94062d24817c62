STORE=store-users.json migrate --from @STORE@ --to @TMP@/copy.db
