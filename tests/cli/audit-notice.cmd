audit --notice ../../examples/notices/trademark-removal.eml ../corpus/reports/all-listings.txt
