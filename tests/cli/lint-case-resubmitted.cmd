STORE=store-sample.json lint 1 --today 2026-11-28
