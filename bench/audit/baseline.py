#!/usr/bin/env python3
"""The Python baseline of the `poa audit` benchmark: what a seller would write.
Reads the term list (one a line), splits each term into lower-case words, keeps
them in a set; reads the report line by line, takes the title and description
columns (found by name in the header), splits them into words the same way and
looks every word n-gram (1 to the longest term) up in the set.

usage: baseline.py TERMS REPORT     prints: rows rows_with_hits hits"""
import re
import sys

WORD = re.compile(r'[0-9a-z_]+')


def main(argv):
    terms = set()
    longest = 1
    with open(argv[1], encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            words = tuple(WORD.findall(line.lower()))
            if words:
                terms.add(words)
                longest = max(longest, len(words))
    rows = with_hits = hits = 0
    with open(argv[2], encoding='utf-8', errors='replace') as f:
        header = f.readline().rstrip('\r\n').split('\t')
        cols = [i for i, name in enumerate(header) if name in ('item-name', 'item-description')]
        for line in f:
            fields = line.rstrip('\r\n').split('\t')
            rows += 1
            found = 0
            for i in cols:
                if i >= len(fields) or not fields[i]:
                    continue
                words = WORD.findall(fields[i].lower())
                for n in range(1, longest + 1):
                    for k in range(len(words) - n + 1):
                        if tuple(words[k:k + n]) in terms:
                            found += 1
            hits += found
            with_hits += found > 0
    print(rows, with_hits, hits)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
