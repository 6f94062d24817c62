fetch --help
