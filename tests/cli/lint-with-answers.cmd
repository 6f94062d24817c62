lint --answers lint-with-answers.yaml --notice ../corpus/notices/001-trademark-detail-page.eml ../corpus/letters/001-poa-trademark-term-removed.txt
