migrate --from @TMP@/a.db
