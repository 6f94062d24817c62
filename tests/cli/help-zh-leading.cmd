LANGUAGE=en --lang zh --help
