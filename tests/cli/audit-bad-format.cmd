audit --format xml ../corpus/reports/all-listings.txt
