audit --terms ../corpus/reports/terms-brand.txt --columns title ../corpus/reports/all-listings.txt
