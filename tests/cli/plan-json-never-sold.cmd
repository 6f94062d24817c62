plan --json --today 2026-11-28 --set sold_product=no ../../examples/notices/trademark-removal.eml
