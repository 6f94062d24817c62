read --today 2026-11-28 ../corpus/notices/020-unknown-supplier-email.eml
