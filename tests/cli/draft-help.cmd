draft --help
