ask -o - --lang zh --today 2026-11-28 ../../examples/notices/trademark-removal.eml
