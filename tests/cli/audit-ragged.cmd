audit --terms ../corpus/reports/terms-brand.txt ../corpus/reports/ragged-truncated.txt ../corpus/reports/semicolon.csv
