audit --terms kb:pesticide-claims ../corpus/reports/all-listings.txt ../corpus/reports/spreadsheet.csv
