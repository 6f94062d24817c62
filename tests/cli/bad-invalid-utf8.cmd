read ../bad/invalid-utf8.txt
