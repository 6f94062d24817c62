fetch https://example.com/INBOX
