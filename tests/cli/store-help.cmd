store --help
