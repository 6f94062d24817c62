audit --terms ../corpus/reports/terms-brand.txt --format tsv ../corpus/reports/all-listings-bom-crlf.txt ../corpus/reports/flat-file.txt
