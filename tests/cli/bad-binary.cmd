read ../bad/binary.png
