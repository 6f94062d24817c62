audit --terms ../corpus/reports/terms-brand.txt ../corpus/reports/all-listings.txt
