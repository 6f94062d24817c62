audit --terms ../corpus/reports/terms-brand.txt --columns item-description,7 ../corpus/reports/all-listings.txt
