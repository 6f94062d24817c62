user --help
