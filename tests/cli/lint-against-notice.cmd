lint --notice ../corpus/notices/001-trademark-detail-page.eml ../corpus/letters/051-poa-misses-asin-and-complaint.txt
