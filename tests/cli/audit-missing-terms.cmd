audit --terms nosuch-terms.txt ../corpus/reports/all-listings.txt
