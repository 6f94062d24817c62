#!/bin/sh
# The case store end to end: stores, filing (new, joined, duplicate,
# skipped), answers, plan and draft by case id, sent (refusal, repeat
# warning), due and health exit statuses, search (Chinese words of two
# characters), export -> import -> export byte for byte.
# usage: store-flow.sh BUILD_DIR   (run from the repository root)
# POA_TEST_STORE_A and POA_TEST_STORE_B name two empty stores to use instead
# of files (tests/run.py gives two PostgreSQL databases for the [pg] run).
set -eu
case "$1" in /*) POA="$1/poa" ;; *) POA="$PWD/$1/poa" ;; esac
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export POA_DB="${POA_TEST_STORE_A:-$TMP/a/poa.db}" TZ=UTC
STORE_B="${POA_TEST_STORE_B:-$TMP/b/poa.db}"
N=tests/corpus/notices
D="--today 2026-11-28"
fail() { echo "FAIL: $*"; exit 1; }
# expect STATUS COMMAND...: runs poa, output in $TMP/out and $TMP/err.
expect() {
	want=$1; shift
	set +e; "$POA" "$@" >"$TMP/out" 2>"$TMP/err"; rc=$?; set -e
	[ "$rc" -eq "$want" ] || { cat "$TMP/out" "$TMP/err"; fail "poa $*: exit $rc, want $want"; }
}
has() { grep -q -- "$1" "$TMP/out" || { cat "$TMP/out"; fail "output lacks: $1"; }; }
has_err() { grep -q -- "$1" "$TMP/err" || { cat "$TMP/err"; fail "stderr lacks: $1"; }; }

expect 64 case list --db ""
has_err "takes the path"
expect 0 store add "North Shop" --marketplace amazon.com $D
# Only its owner may read the store: letters and evidence are confidential.
case "$POA_DB" in
postgres*) ;;
*) [ "$(stat -c %a "$POA_DB")" = 600 ] || fail "the store file is mode $(stat -c %a "$POA_DB"), want 600" ;;
esac
expect 4 store add "North Shop" --marketplace amazon.com $D
has_err "exists already"
expect 64 store add "No Marketplace"
expect 9 case new --store "Nobody" $N/001-trademark-detail-page.eml $D
has_err "poa store add"

# New, duplicate by content, a non-Amazon message skipped.
expect 0 case new --store "North Shop" $N/001-trademark-detail-page.eml $N/004-patent-utility-removal.eml \
	$N/020-unknown-supplier-email.eml $N/033-trademark-zh-gbk.eml $N/006-apex-upne-invitation.eml $D
has "case 1: filed (trademark"
has "4 filed, 0 joined a case, 0 already filed, 1 skipped"
expect 0 case new $N/001-trademark-detail-page.eml $D
has "case 1: already filed"

# A second notice naming the same complaint ID joins its case.
{ sed -e 's/^Message-ID: .*/Message-ID: <reminder-1@example.com>/' -e 's/^Subject: .*/Subject: Reminder: your listing was removed/' \
	$N/001-trademark-detail-page.eml; echo "This is a reminder: the listing stays removed."; } >"$TMP/reminder.eml"
expect 0 case new "$TMP/reminder.eml" $D
has "case 1: joined"

expect 0 case list $D
has "North Shop"
expect 0 case list --json $D
python3 -c "import json,sys; l=json.load(open(sys.argv[1])); assert len(l)==4 and l[0]['deadline']=='2026-03-31', l" "$TMP/out" ||
	fail "case list --json"
expect 9 case show 99 $D
expect 64 case show abc $D

# ask by case id keeps the answers in the case.
printf 'yes\nq\n' | "$POA" ask 2 $D >"$TMP/out" 2>"$TMP/err" || fail "ask 2"
has_err "answers saved in case 2"
expect 0 case show 2 $D
has "sold_product: 'yes'"

# Answers, plan and draft by case id, recorded in the case.
expect 0 case answer 1 --answers examples/answers/trademark-removal.yaml $D
expect 4 case answer 1 --set sold_product=perhaps $D
expect 0 plan 1 $D
has "fits"
expect 0 draft 1 $D
has_err "case 1: poa saved as version 1"
expect 0 draft 1 $D
has_err "version 2"
expect 0 case show 1 $D
has "poa                    v2  clean"
has "plan           edit_and_appeal"

# Sent: recorded; the same text again warns; unknown letter is 9.
expect 0 case sent 1 poa --to "Account Health" $D
expect 0 case sent 1 poa --to "Account Health" $D
has_err "was sent before"
expect 9 case sent 1 counter_notice --to x@example.com $D
expect 64 case sent 1 poa $D
# lint against the case: the notice, and the letters already sent (R27).
expect 2 lint 1 $D
has "R27-resubmitted"
"$POA" draft 1 -o "$TMP/letters" $D 2>/dev/null || fail "draft -o"
expect 2 lint --case 1 "$TMP/letters/poa.txt" $D
has "100% the same"
expect 0 lint --notice $N/001-trademark-detail-page.eml "$TMP/letters/poa.txt" $D
expect 9 lint 77 $D
expect 64 lint 1 --format sarif $D
expect 0 case show 1 $D
has "lint           poa: blockers"
expect 0 case status 1 waiting $D
expect 64 case status 1 pending $D

# due: the APEX case (deadline 2026-03-31) is not due on 2026-02-01, due
# within 7 days on 2026-03-28, overdue later; a closed case is never due.
expect 0 due --today 2026-02-01
has "0 cases due within 7 days"
expect 1 due --today 2026-03-28
has "3 days left"
expect 1 due $D
has "overdue"
expect 0 due --within 2 --today 2026-03-28
expect 0 case status 4 closed $D
expect 0 due $D
expect 64 due --within soon
expect 0 due --json $D
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$TMP/out" || fail "due --json"

# health counts by the notices' dates (12 Jan, 12 Feb, 10 Mar, 16 Jul 2026):
# on 2026-07-20 three are within 180 days, the warning level; on 2026-11-28
# only July's is, and three cases are open (the APEX one was closed).
expect 1 health "North Shop" --today 2026-07-20
has "3 in the last 180 days — near the limit (5)"
expect 0 health --json $D
python3 -c "import json,sys; h=json.load(open(sys.argv[1])); assert h[0]['limits'][0]['recent']==1 and h[0]['limits'][0]['open']==3, h" "$TMP/out" ||
	fail "health --json counts"

# search: English words, and a Chinese word of two characters.
expect 0 search B09NFT4R2K $D
has "   1"
expect 0 search 商标 $D
# NFKC and case folding: full-width letters and digits find the ASIN.
expect 0 search "ｂ０９ｎｆｔ４ｒ２ｋ" $D
has "   1"
expect 1 search nothing-like-this $D

# Evidence: type by content, against what Amazon accepts for the family;
# stored once; an old invoice warned about; a wrong or huge file refused.
printf '\211PNG\r\n\032\n0000IHDR' >"$TMP/listing.png"
printf '%%PDF-1.4\n1 0 obj\n' >"$TMP/invoice.pdf"
cp "$TMP/invoice.pdf" "$TMP/renamed.png"
expect 0 case attach 1 "$TMP/listing.png" --kind photo $D
has "attached as photo (png)"
expect 0 case attach 1 "$TMP/listing.png" --kind photo $D
has "attached already"
expect 4 case attach 1 "$TMP/invoice.pdf" --kind invoice $D
has_err "Amazon accepts only jpeg, png, gif, tiff"
expect 4 case attach 1 "$TMP/renamed.png" --kind photo $D
has_err "the name says png but the file is pdf"
expect 64 case attach 1 "$TMP/listing.png" --kind selfie $D
has_err "the kind of evidence is invoice, loa, licence, photo or other, not 'selfie'"
expect 3 case attach 1 "$TMP/missing.pdf" --kind invoice $D
head -c 30000000 /dev/zero | tr '\0' 'x' >"$TMP/huge.png"
expect 5 case attach 1 "$TMP/huge.png" --kind photo $D
# The inauthentic notice (a document family: PDF accepted); an invoice
# from 2024 is far past the 365-day window of a 2026 notice.
expect 0 case new $N/008-inauthentic-listing.eml $D
id=$(sed -n 's/^case \([0-9]*\): filed.*/\1/p' "$TMP/out")
expect 0 case attach "$id" "$TMP/invoice.pdf" --kind invoice --date 2024-01-15 $D
has_err "days older than the notice"
expect 64 case attach "$id" "$TMP/invoice.pdf" --kind invoice --date 15/01/2024 $D
has_err "the document's date is written YYYY-MM-DD, not '15/01/2024'"
expect 0 case show "$id" $D
has "invoice  invoice.pdf (pdf, 17 bytes), dated 2024-01-15"

# Pasted text has no date: it counts as recent from the day it was filed,
# not forever.
sed -n '/^$/,$p' $N/002-copyright-listing.eml | "$POA" case new --store "North Shop" - $D >/dev/null || fail "paste"
expect 0 health --json "North Shop" --today 2030-01-01
python3 -c "import json,sys; h=json.load(open(sys.argv[1])); assert h[0]['limits'][0]['recent']==0, h" "$TMP/out" ||
	fail "an undated notice stays recent"

# audit by case id: the notice's brand; the listings read become the case's
# catalogue_size, the result goes on its timeline.
expect 0 audit --case 1 tests/corpus/reports/all-listings.txt $D
has_err "audit recorded (5 listings read"
expect 0 case show 1 $D
has "catalogue_size: '5'"
has "audit          5 listings read"
expect 9 audit --case 99 tests/corpus/reports/all-listings.txt $D

# An answer typed on several lines (a browser's textarea sends CR LF) is
# kept on several lines, without the CR, through the store into the letter.
expect 0 case answer 1 --set "root_cause=$(printf 'Line one of the cause.\r\nLine two of the cause.')" $D
"$POA" draft 1 -o "$TMP/lines" $D 2>/dev/null || fail "draft with a two-line answer"
grep -qx "Line one of the cause." "$TMP/lines/poa.txt" && grep -qx "Line two of the cause." "$TMP/lines/poa.txt" ||
	fail "a two-line answer lost its line break (or kept the CR)"

# export -> import into an empty store -> export: the same bytes.
expect 0 export -o "$TMP/one.json" $D
POA_DB="$STORE_B" "$POA" import "$TMP/one.json" >/dev/null || fail "import"
POA_DB="$STORE_B" "$POA" export -o "$TMP/two.json" || fail "export of the copy"
cmp -s "$TMP/one.json" "$TMP/two.json" || fail "export, import, export differs"
POA_DB="$STORE_B" "$POA" import "$TMP/one.json" >"$TMP/out" || fail "second import"
has "0 cases imported"
echo '{"cases": 3}' >"$TMP/bad.json"
expect 4 import "$TMP/bad.json"
has_err "not a poa export"
printf '{"poa_export": 1, "cases": [' >"$TMP/cut.json"
expect 4 import "$TMP/cut.json"
has_err "not valid JSON"
