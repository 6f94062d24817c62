draft --today 2026-11-28 --partial --route retraction --set sold_product=yes ../../examples/notices/trademark-removal.eml
