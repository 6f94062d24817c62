lint --kind memo ../corpus/letters/015-retraction-trademark-in-error.txt
