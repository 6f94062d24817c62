#!/usr/bin/env python3
"""Benchmark of `poa import` on a large mailbox (issue 7).

Usage: bench/import_mail.py BUILD_DIR [--messages N]   (bench/run calls it)

Generates, once, into bench/out/ (not committed) a mailbox of 20,000 messages
(about 290 MB): one message in five a marketplace notice (multipart/alternative,
quoted-printable text and HTML, varied families, complaint IDs and ASINs), the
rest order confirmations and newsletters with base64 attachments. Then runs,
side by side on the same file:

  baseline  Python's standard library, as a seller would write it: mailbox.mbox,
            email with policy.default, get_body(('plain', 'html')), complaint-ID
            and ASIN regexes, counting notices;
  poa       `poa import` into a fresh case store.

Prints each one's wall time, MB/s and peak memory (ru_maxrss of that process
alone), and the ratio. Target: poa at least 10x faster, peak memory under 100 MB.
"""

import email.policy
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, 'out')

FAMILIES = [
    ('trademark', 'Notice: Policy Warning - trademark infringement',
     'We removed some of your listings because we received a report from a rights owner that they may infringe '
     'the rights owner\'s trademark.'),
    ('copyright', 'Notice: Policy Warning - copyright infringement',
     'We removed some of your listings because we received a report from a rights owner that the listing content '
     'may infringe the rights owner\'s copyright.'),
    ('patent', 'Action required: listings removed for patent infringement',
     'We received a report from a rights owner that the listings below may infringe the rights owner\'s patent. '
     'Infringement type: Patent.'),
    ('counterfeit', 'Your Amazon.com listing has been removed',
     'We received a report from a rights owner that the items below are counterfeit. Infringement type: '
     'Counterfeit.'),
]


def qp(text):
    """Quoted-printable, soft line breaks at 76 columns."""
    out, line = [], ''
    for ch in text:
        enc = ch if (32 <= ord(ch) < 127 and ch != '=') or ch == '\n' else '=%02X' % ord(ch)
        if ch == '\n':
            out.append(line)
            line = ''
            continue
        if len(line) + len(enc) > 75:
            out.append(line + '=')
            line = ''
        line += enc
    out.append(line)
    return '\n'.join(out)


def notice(i, rng):
    fam, subject, lead = FAMILIES[i % len(FAMILIES)]
    asins = ['B0%08X' % rng.randrange(1 << 32) for _ in range(rng.randint(1, 4))]
    complaint = '%010d' % (7000000000 + i)
    lines = [lead, '', 'Complaint ID: %s' % complaint]
    for a in asins:
        lines.append('ASIN: %s, Title: Stainless Steel Travel Mug %d oz \u2013 Fits Standard Lids' % (a, 12 + i % 8))
    lines += ['Rights owner: Brand %d LLC' % (i % 97), 'Rights owner email: ip%d@brand.example.com' % (i % 97), '',
              'To learn more about intellectual property policies, search for "Intellectual Property Policy" in '
              'Seller Central Help. We may deactivate your account if you receive more complaints.',
              '', 'Sincerely,', 'Seller Performance Team'] + ['Filler paragraph %d about the policy.' % k
                                                              for k in range(60)]
    text = '\n'.join(lines)
    html = '<html><body><table>' + ''.join('<tr><td>%s</td></tr>' % l for l in lines) + '</table></body></html>'
    b = 'b%d' % i
    return ('From: Amazon <notice-dispute@amazon.com>\nTo: seller@example.com\nSubject: %s\n'
            'Date: Tue, 24 Nov 2026 09:%02d:%02d +0000\nMessage-ID: <n%d@amazon.example>\nMIME-Version: 1.0\n'
            'Content-Type: multipart/alternative; boundary="%s"\n\n--%s\nContent-Type: text/plain; charset=utf-8\n'
            'Content-Transfer-Encoding: quoted-printable\n\n%s\n--%s\nContent-Type: text/html; charset=utf-8\n'
            'Content-Transfer-Encoding: quoted-printable\n\n%s\n--%s--\n'
            % (subject, i % 60, i % 60, i, b, b, qp(text), b, qp(html), b))


def other(i, rng):
    kind = 'order' if i % 2 else 'newsletter'
    b = 'o%d' % i
    body = ('Thank you for your order %d. Your package is on its way.\n' % i if kind == 'order'
            else 'This week: new lunch boxes, camping mugs and kettles.\n') * 20
    blob = rng.randbytes(10500)
    import base64
    att = base64.encodebytes(blob).decode()
    return ('From: Shop <%s@shop.example>\nTo: seller@example.com\nSubject: Your %s %d\n'
            'Date: Tue, 24 Nov 2026 10:00:00 +0000\nMessage-ID: <o%d@shop.example>\nMIME-Version: 1.0\n'
            'Content-Type: multipart/mixed; boundary="%s"\n\n--%s\nContent-Type: text/plain; charset=utf-8\n\n%s\n'
            '--%s\nContent-Type: application/pdf; name="doc%d.pdf"\nContent-Transfer-Encoding: base64\n'
            'Content-Disposition: attachment; filename="doc%d.pdf"\n\n%s\n--%s--\n'
            % (kind, kind, i, i, b, b, body, b, i, i, att, b))


def generate(path, n):
    rng = random.Random(20261128)
    with open(path, 'w', encoding='utf-8') as f:
        for i in range(n):
            msg = notice(i, rng) if i % 5 == 0 else other(i, rng)
            msg = msg.replace('\nFrom ', '\n>From ')
            f.write('From MAILER-DAEMON Tue Nov 24 09:14:05 2026\n' + msg + '\n')


BASELINE = r'''
import mailbox, email.policy, re, sys
from email import message_from_binary_file
cid = re.compile(r'Complaint ID:\s*(\d{10})')
asin = re.compile(r'\b(B0[0-9A-Z]{8})\b')
notices = 0
box = mailbox.mbox(sys.argv[1], factory=lambda f: message_from_binary_file(f, policy=email.policy.default))
for msg in box:
    body = msg.get_body(('plain', 'html'))
    text = body.get_content() if body else ''
    ids = cid.findall(text)
    if ids and asin.findall(text):
        notices += 1
print(notices)
'''


def timed(argv, env=None):
    """Wall seconds and peak RSS (MB) of one process, measured by a wrapper
    so that only that process counts."""
    wrapper = ('import resource,subprocess,sys,time;t=time.perf_counter();'
               'p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL);'
               'w=time.perf_counter()-t;'
               'print(p.returncode,w,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024)')
    out = subprocess.run([sys.executable, '-c', wrapper] + argv, capture_output=True, text=True, env=env).stdout
    rc, wall, rss = out.split()
    return int(rc), float(wall), float(rss)


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    build = args[0] if os.path.isabs(args[0]) else os.path.join(ROOT, args[0])
    n = int(args[args.index('--messages') + 1]) if '--messages' in args else 20000
    poa = os.path.join(build, 'poa')
    os.makedirs(OUT, exist_ok=True)
    box = os.path.join(OUT, 'import-%d.mbox' % n)
    if not os.path.exists(box):
        print('generating %s (%d messages)...' % (box, n), flush=True)
        generate(box, n)
    mb = os.path.getsize(box) / 1e6
    print('mailbox: %d messages, %.0f MB' % (n, mb))
    rc, base_s, base_rss = timed([sys.executable, '-c', BASELINE, box])
    print('baseline (Python mailbox + email, policy.default): %.2f s, %.1f MB/s, peak %.0f MB (exit %d)'
          % (base_s, mb / base_s, base_rss, rc))
    store = tempfile.mkdtemp()
    env = dict(os.environ, POA_DB=os.path.join(store, 'poa.db'), TZ='UTC')
    rc, poa_s, poa_rss = timed([poa, 'import', '--today', '2026-11-28', box], env=env)
    shutil.rmtree(store, ignore_errors=True)
    print('poa import into a fresh store:                      %.2f s, %.1f MB/s, peak %.0f MB (exit %d)'
          % (poa_s, mb / poa_s, poa_rss, rc))
    print('import: poa is %.1fx the baseline (target >= 10x); peak %.0f MB (target < 100 MB)'
          % (base_s / poa_s, poa_rss))


if __name__ == '__main__':
    main()
