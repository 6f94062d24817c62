#!/bin/sh
# Manual pages: every command `poa --help` lists has docs/man/poa-CMD.1; every
# page renders without a warning; every long option a command's --help prints
# (and every shared option of `poa --help`) is in its page; every page is
# installed by docs/man/meson.build, and every poa page a page refers to exists.
# usage: manpages.sh BUILD_DIR   (run from the top of the source tree)
set -eu
BUILD=$1
POA=$BUILD/poa
MAN=docs/man
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# English help whatever the caller's locale (poa reads LANGUAGE first).
unset LANGUAGE
LC_ALL=C.UTF-8
export LC_ALL

fails=0
fail() {
	echo "manpages: $*"
	fails=$((fails + 1))
}

# groff (Debian: groff-base) renders and warns; mandoc is the fallback.
if command -v groff >/dev/null 2>&1; then
	lint_page() { groff -man -Tutf8 -ww -z "$1" 2>&1; }
	# Plain text, one line per paragraph, no hyphenation: options stay whole.
	text_page() { groff -man -Tascii -rLL=2000n -rHY=0 -P-bou "$1" 2>/dev/null; }
elif command -v mandoc >/dev/null 2>&1; then
	lint_page() { mandoc -Tlint -W warning "$1" 2>&1; }
	text_page() { mandoc -Tascii -O width=2000 "$1" 2>/dev/null | sed "s/.$(printf '\b')//g"; }
else
	echo "manpages: neither groff nor mandoc is installed (Debian package groff-base)"
	exit 1
fi

[ -x "$POA" ] || { echo "manpages: $POA is not an executable"; exit 1; }
"$POA" --help >"$TMP/help" 2>&1 || { echo "manpages: poa --help failed:"; cat "$TMP/help"; exit 1; }
# The command names: the first word of each line after "Commands:", up to a blank line.
commands=$(sed -n '/^Commands:/,/^$/p' "$TMP/help" | sed '1d' | awk 'NF { print $1 }')
[ -n "$commands" ] || { echo "manpages: no command found in poa --help:"; cat "$TMP/help"; exit 1; }

# Is the long option $2 in the rendered page $1 (not as part of a longer one)?
has_option() {
	grep -Eq -- "(^|[^a-z-])$2([^a-z-]|\$)" "$1"
}

check_page() {  # page, file with the help text whose options it must document
	page=$1
	name=$(basename "$page" .1)
	if [ ! -f "$page" ]; then
		fail "$page is missing"
		return
	fi
	warnings=$(lint_page "$page") || fail "$page: the formatter failed: $warnings"
	[ -z "$warnings" ] || fail "$page: formatter warnings:
$warnings"
	text_page "$page" >"$TMP/$name.txt" || true
	[ -s "$TMP/$name.txt" ] || { fail "$page renders to nothing"; return; }
	for opt in $(grep -o -- '--[a-z][a-z-]*' "$2" | sort -u); do
		has_option "$TMP/$name.txt" "$opt" || fail "$page does not document $opt (printed by its --help)"
	done
	if ! grep -q "install_man" "$MAN/meson.build" 2>/dev/null ||
		! grep -q "'$(basename "$page")'" "$MAN/meson.build"; then
		fail "$MAN/meson.build does not install $(basename "$page")"
	fi
}

check_page "$MAN/poa.1" "$TMP/help"
for cmd in $commands; do
	"$POA" "$cmd" --help >"$TMP/help-$cmd" 2>&1 || {
		fail "poa $cmd --help failed: $(cat "$TMP/help-$cmd")"
		continue
	}
	check_page "$MAN/poa-$cmd.1" "$TMP/help-$cmd"
	if [ -f "$TMP/poa.txt" ] && ! grep -q "poa-$cmd(1)" "$TMP/poa.txt"; then
		fail "$MAN/poa.1 does not refer to poa-$cmd(1)"
	fi
done

# Every poa page a page refers to exists.
for txt in "$TMP"/*.txt; do
	for ref in $(grep -o 'poa\(-[a-z]*\)\{0,1\}(1)' "$txt" | sort -u); do
		[ -f "$MAN/${ref%(1)}.1" ] || fail "$(basename "$txt" .txt).1 refers to $ref, which has no page"
	done
done

if [ "$fails" -gt 0 ]; then
	echo "manpages: $fails problem(s)"
	exit 1
fi
echo "manpages: poa.1 and $(echo "$commands" | wc -w) command pages checked"
