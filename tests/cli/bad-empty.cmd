read ../bad/empty.txt
