draft --today 2026-11-28 --gloss zh ../../examples/notices/trademark-removal.eml --answers ../../examples/answers/trademark-removal.yaml
