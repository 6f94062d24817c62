lint --lang zh ../corpus/letters/027-poa-future-corrective.txt
