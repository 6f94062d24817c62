audit --terms ../corpus/reports/terms-punctuation.txt --format json ../corpus/reports/spreadsheet.csv
