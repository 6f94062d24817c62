read ../bad/blank.txt
