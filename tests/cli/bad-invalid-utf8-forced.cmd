read --encoding WINDOWS-1252 --today 2026-11-28 ../bad/invalid-utf8.txt
