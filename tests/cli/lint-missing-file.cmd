lint no-such-letter.txt
