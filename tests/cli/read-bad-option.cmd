read --bogus notice.eml
