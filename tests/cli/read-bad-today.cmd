read --today 2026-02-30 ../../examples/notices/apex-invitation.txt
