read --help
