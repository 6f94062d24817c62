read --today 2026-11-28 ../bad/nested-3000.html
