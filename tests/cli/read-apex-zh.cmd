read --lang zh --today 2026-11-28 ../../examples/notices/apex-invitation.txt
