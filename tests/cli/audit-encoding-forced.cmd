audit --terms ../corpus/reports/terms-brand.txt --encoding shift_jis ../corpus/reports/jp-shift_jis.txt
