read no-such-notice.eml
