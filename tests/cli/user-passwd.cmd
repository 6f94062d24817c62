STORE=store-users.json user passwd li.wei --password-file user-password.txt --today 2026-11-28
