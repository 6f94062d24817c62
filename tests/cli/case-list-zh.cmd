STORE=store-sample.json --lang zh case list --today 2026-03-28
