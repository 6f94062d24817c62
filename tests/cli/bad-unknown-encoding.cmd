read --encoding KLINGON ../bad/invalid-utf8.txt
