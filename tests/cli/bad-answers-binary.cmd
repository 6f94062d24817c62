plan --today 2026-11-28 --answers ../bad/binary.png ../../examples/notices/trademark-removal.eml
