health --help
