migrate --from @TMP@/typo.db --to @TMP@/new.db
