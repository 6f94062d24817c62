due --help
