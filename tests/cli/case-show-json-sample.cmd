STORE=store-sample.json case show 2 --json --today 2026-11-28
