audit --terms ../corpus/reports/terms-brand.txt --exclude ../corpus/reports/exclude-own-brand.txt --format json ../corpus/reports/all-listings.txt
