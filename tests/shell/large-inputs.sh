#!/bin/sh
# Big inputs: a 200 MB single file is refused at once with exit 5, and so is
# 9 MB of HTML; a 200 MB mailbox is streamed one message at a time in bounded
# memory.
# usage: large-inputs.sh BUILD_DIR
set -eu
BUILD=$1
POA=$BUILD/poa
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# refused WHAT FILE MESSAGE: poa read FILE exits 5 saying MESSAGE.
refused() {
	set +e
	"$POA" read "$2" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	[ $rc -eq 5 ] || { echo "$1: exit $rc, want 5"; cat "$TMP/err"; exit 1; }
	grep -q "$3" "$TMP/err" || { echo "$1: message"; cat "$TMP/err"; exit 1; }
}

truncate -s 200M "$TMP/huge.txt"
refused "200 MB text" "$TMP/huge.txt" "huge.txt: 200 MB is more than"

# 9 MB of HTML (libxml2's tree would take about forty times that): refused
# before it is parsed.
python3 -c 'import sys; sys.stdout.write("<html><body>" + "<i>x</i>" * 1200000 + "Dear seller</body></html>")' \
	>"$TMP/big.html"
refused "9 MB of HTML" "$TMP/big.html" "big.html: 9 MB of HTML is more than the 8 MB"

# Under the sanitizers the mailbox is smaller: the point there is no error,
# not the memory figure (ASan's own overhead is not poa's).
MB=200
[ "${POA_SANITIZED:-0}" = 1 ] && MB=20
python3 - "$TMP/big.mbox" "$MB" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
notice = open('examples/notices/trademark-removal.eml', 'rb').read()
filler = b'From: Orders <orders@example.com>\nSubject: order\nDate: Tue, 24 Nov 2026 09:14:05 +0000\n\n' + \
    b'>From the warehouse: your order shipped.\n' + (b'x' * 76 + b'\n') * 600
with open(path, 'wb') as f:
    i = 0
    while f.tell() < mb << 20:
        f.write(b'From MAILER-DAEMON Tue Nov 24 09:14:05 2026\n')
        f.write(notice if i % 5 == 0 else filler)
        f.write(b'\n')
        i += 1
PY
python3 - "$POA" "$TMP/big.mbox" "$MB" <<'PY'
import resource, subprocess, sys
poa, path, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
p = subprocess.run([poa, 'read', '--json', path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
if p.returncode != 0:
    sys.exit('mbox: exit %d: %s' % (p.returncode, p.stderr[:500]))
import json
notices = json.loads(p.stdout)
fam = sum(1 for n in notices if n['family'] == 'trademark')
if fam * 5 < len(notices) - 5 or fam == 0:
    sys.exit('mbox: %d messages, %d trademark notices' % (len(notices), fam))
rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
if mb >= 200 and rss_mb > 64:
    sys.exit('mbox of %d MB took %.0f MB of memory; it must be streamed' % (mb, rss_mb))
print('%d messages, max RSS %.0f MB' % (len(notices), rss_mb))
PY
