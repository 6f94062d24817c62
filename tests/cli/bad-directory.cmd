read .
