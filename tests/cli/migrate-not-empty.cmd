STORE=store-users.json migrate --from @TMP@/empty.db --to @STORE@
