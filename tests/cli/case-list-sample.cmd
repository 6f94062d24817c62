STORE=store-sample.json case list --today 2026-03-28
