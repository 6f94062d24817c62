read --today 2026-11-28 ../corpus/notices/040-mixed-inbox.mbox
