audit --terms ../corpus/reports/terms-cjk.txt ../corpus/reports/jp-shift_jis.txt ../corpus/reports/cn-gb18030.txt ../corpus/reports/eu-cp1252.txt ../corpus/reports/utf16.txt
