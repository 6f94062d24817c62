LC_ALL=zh_CN.UTF-8 read --today 2026-11-28 ../../examples/notices/inauthentic-account.eml
