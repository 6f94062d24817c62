STORE=store-users.json user add chen_2 --role operator --store "South Shop" --password-file user-password.txt --today 2026-11-28
