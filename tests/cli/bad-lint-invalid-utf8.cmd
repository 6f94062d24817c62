lint ../bad/invalid-utf8.txt
