fetch --cacert x.pem imaps://alice:secret@127.0.0.1:1/INBOX
