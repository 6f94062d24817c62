read --json --today 2026-11-28 ../bad/truncated-mid-text.eml
