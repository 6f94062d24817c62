read --today 2026-11-28 ../../examples/notices/apex-invitation.txt no-such-notice.eml ../bad/binary.png
