draft --today 2026-11-28 --route no_such_route ../../examples/notices/trademark-removal.eml
