ask --help
