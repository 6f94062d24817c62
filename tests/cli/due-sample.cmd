STORE=store-sample.json due --today 2026-03-28
