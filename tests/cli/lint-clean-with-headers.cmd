lint ../corpus/letters/015-retraction-trademark-in-error.txt
