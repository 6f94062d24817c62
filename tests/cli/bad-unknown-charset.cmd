read --today 2026-11-28 ../bad/unknown-charset.eml
