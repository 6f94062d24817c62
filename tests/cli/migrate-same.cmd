migrate --from @TMP@/a.db --to @TMP@/a.db
