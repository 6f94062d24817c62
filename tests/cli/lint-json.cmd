lint --format json ../corpus/letters/057-request-placeholder-name.txt
