case --help
