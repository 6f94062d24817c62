audit --terms ../corpus/reports/terms-brand.txt nosuch-report.txt
