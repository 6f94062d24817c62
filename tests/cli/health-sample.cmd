STORE=store-sample.json health --today 2026-07-20
