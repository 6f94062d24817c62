lint ../bad/binary.png
