lint ../corpus/letters/060-poa-multiple-failures.txt
