#!/usr/bin/env python3
"""Generates the data of the `poa audit` benchmark (not committed: written into
a folder given on the command line).

usage: gen.py DIR [--rows N] [--terms N] [--seed S]

Writes DIR/listings-ROWS.txt, an All Listings report as Amazon sends it (the 29
documented columns, tab-separated, one header row, LF line ends, ASCII), and
DIR/terms-N.txt, one brand-like term a line (one to three words; some with
punctuation: Levi's, Dr. Martens, M&M's, Ray-Ban style). About 0.5 % of the rows
carry a term in item-name (or, for one in ten of those, in item-description).

Terms are built from syllables that never make an English word of the titles,
so no row carries a term by accident, and every term occurrence is written with
the term's own punctuation (in upper, lower or title case): grep -F -i -w and
poa audit must count the same rows."""
import os
import random
import sys

HEADER = ('item-name item-description listing-id seller-sku price quantity open-date image-url '
          'item-is-marketplace product-id-type zshop-shipping-fee item-note item-condition zshop-category1 '
          'zshop-browse-path zshop-storefront-feature asin1 asin2 asin3 will-ship-internationally '
          'expedited-shipping zshop-boldface product-id bid-for-featured-placement add-delete pending-quantity '
          'fulfillment-channel merchant-shipping-group status').split()

WORDS = ('stainless steel insulated camping mug kettle collapsible lid lids bottle water travel kitchen '
         'cutting board bamboo knife set chef blade handle ceramic nonstick frying pan skillet cast iron pot '
         'silicone spatula tongs whisk measuring cups spoons storage container glass jar airtight pantry '
         'organizer shelf rack wall mount hook towel bathroom shower caddy soap dispenser pump bath mat '
         'cotton linen sheet pillow case duvet cover quilt blanket throw fleece soft warm cozy queen king '
         'twin size full bed frame desk lamp led light bulb warm white dimmable smart plug outlet cable '
         'charger usb fast charging phone stand holder tablet laptop sleeve bag backpack hiking outdoor '
         'tent sleeping pad chair folding portable picnic cooler ice pack lunch box kids adult women men '
         'running shoes socks ankle crew pack of pairs black grey navy blue red green pink large small '
         'medium extra heavy duty lightweight durable waterproof rechargeable battery wireless bluetooth '
         'speaker headphones earbuds noise cancelling microphone gaming mouse keyboard mechanical rgb '
         'office home garden hose nozzle planter pot indoor plant tool gift idea christmas birthday '
         'dog cat pet toy chew ball rope leash collar harness bowl feeder fountain litter scoop grooming '
         'brush comb hair dryer straightener curling wand makeup mirror vanity organizer jewelry box').split()

SYL = ('zor vak bel qui tru mex fla dov ryn kesh pol var tix ula bro zen dak mir sov lum gar pex thu '
       'wyl cra nox jev orb qua sib tek vel xan yor zul fen gri hob ix jal kor lem nyv opp ruk sel '
       'tav ub vox wex yam zir').split()


def pseudo_word(rng, used):
    while True:
        w = ''.join(rng.choice(SYL) for _ in range(rng.randint(2, 3)))
        if w not in used:
            return w


def make_terms(n, rng):
    """Brand-like terms; the words are pseudo-words (a few English words only
    after the first word: 'Zorvak Outdoor')."""
    terms, seen, firsts = [], set(), set()
    tails = ['Outdoor', 'Home', 'Kitchen', 'Co', 'Sport', 'Pro', 'Labs', 'Designs']
    while len(terms) < n:
        a = pseudo_word(rng, set())
        style = rng.random()
        if style < 0.55:
            t = a.capitalize()
        elif style < 0.75:
            t = '%s %s' % (a.capitalize(), pseudo_word(rng, set()).capitalize())
        elif style < 0.83:
            t = '%s %s' % (a.capitalize(), rng.choice(tails))
        elif style < 0.88:
            t = "%s's" % a.capitalize()                       # Levi's
        elif style < 0.92:
            t = 'Dr. %s' % a.capitalize()                      # Dr. Martens
        elif style < 0.95:
            t = '%s-%s' % (a.capitalize(), pseudo_word(rng, set()).capitalize())   # Ray-Ban
        elif style < 0.97:
            t = "%s&%s's" % (a[0].upper(), a[1].upper())       # M&M's
            t = '%s %s' % (t, pseudo_word(rng, set()).capitalize())
        else:
            t = 'The %s %s' % (a.capitalize(), pseudo_word(rng, set()).capitalize())   # The North Face
        if t.lower() in seen:
            continue
        seen.add(t.lower())
        firsts.add(a)
        terms.append(t)
    return terms


def title(rng, term=None):
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 16))]
    words = [w.capitalize() if rng.random() < 0.6 else w for w in words]
    if rng.random() < 0.3:
        words[0] += ','
    if term:
        variant = rng.random()
        t = term.upper() if variant < 0.2 else term.lower() if variant < 0.4 else term
        pos = rng.randint(0, len(words))
        words.insert(pos, t)
    return ' '.join(words)


def base36(rng, n):
    return ''.join(rng.choice('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ') for _ in range(n))


def row(rng, i, term=None):
    in_desc = term and rng.random() < 0.1
    name = title(rng, None if in_desc else term)
    desc = title(rng, term) if in_desc else ''
    asin = 'B0' + base36(rng, 8)
    return '\t'.join([
        name, desc, '%04d%s%06d' % (rng.randint(0, 9999), rng.choice('ABCDEFGHJK'), i % 1000000),
        'SKU-%06d-%s' % (i, base36(rng, 4)), '%d.%02d' % (rng.randint(3, 199), rng.randint(0, 99)),
        str(rng.randint(0, 500)), '2025-%02d-%02d 10:%02d:%02d PST' % (rng.randint(1, 12), rng.randint(1, 28),
                                                                        rng.randint(0, 59), rng.randint(0, 59)),
        'https://m.media-amazon.com/images/I/%d%s.jpg' % (rng.randint(10, 99), base36(rng, 9)), 'y', '1', '',
        '', '11', '', '', '', asin, '', '', '', '', '', asin, '', '', '0',
        rng.choice(['DEFAULT', 'AMAZON_NA']), 'Migrated Template', rng.choice(['Active', 'Active', 'Inactive']),
    ])


def write_report(path, rows, terms, rng, rate=0.005):
    with open(path, 'w', encoding='ascii', newline='\n') as f:
        f.write('\t'.join(HEADER) + '\n')
        for i in range(rows):
            term = rng.choice(terms) if rng.random() < rate else None
            f.write(row(rng, i, term) + '\n')


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    out = argv[1]
    rows = int(argv[argv.index('--rows') + 1]) if '--rows' in argv else 1000000
    nterms = int(argv[argv.index('--terms') + 1]) if '--terms' in argv else 50000
    seed = int(argv[argv.index('--seed') + 1]) if '--seed' in argv else 5
    os.makedirs(out, exist_ok=True)
    rng = random.Random(seed)
    terms = make_terms(nterms, rng)
    with open(os.path.join(out, 'terms-%d.txt' % nterms), 'w', encoding='ascii') as f:
        f.write('\n'.join(terms) + '\n')
    # The rows carry terms of the 1,000-term list's size at most, so that every
    # term list of the growth runs (built from the same seed) finds them all.
    write_report(os.path.join(out, 'listings-%d.txt' % rows), rows, terms[:1000], random.Random(seed + rows))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
