read --today 2026-11-28 ../bad/nested-300.html
