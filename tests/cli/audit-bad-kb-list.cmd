audit --terms kb:nosuch ../corpus/reports/all-listings.txt
