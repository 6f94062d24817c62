read --json --today 2026-11-28 ../../examples/notices/inauthentic-account.eml
