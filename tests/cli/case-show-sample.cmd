STORE=store-sample.json case show 1 --today 2026-11-28
