STORE=store-sample.json case list --json --open --today 2026-03-28
