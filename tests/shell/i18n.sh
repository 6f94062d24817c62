#!/bin/sh
# Translations: every source file that marks a message for translation is in
# po/POTFILES (else xgettext never sees its messages), every marked message
# has a Chinese translation in po/zh_CN.po, and msgfmt accepts the catalogue
# (formats included). A message added in English only fails here.
# usage: i18n.sh BUILD_DIR   (run from the top of the source tree)
set -eu
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() {
	echo "i18n: $*"
	fails=$((fails + 1))
}

for tool in xgettext msgcmp msgfmt; do
	command -v $tool >/dev/null 2>&1 || { echo "i18n: $tool is not installed (Debian package gettext)"; exit 1; }
done

# A call of _(), N_(), dgettext() or of a function whose message xgettext is
# told to extract (scripts/xgettext.sh), with a string literal.
markers='(^|[^A-Za-z0-9_])(_|N_|dgettext|dngettext|poa_error_set|bad_value|db_fail|step_done|write_user_id)\('
for f in $(find src -name '*.c' | sort); do
	if grep -Eq "$markers" "$f" && ! grep -qx "$f" po/POTFILES; then
		fail "$f marks messages for translation but is not in po/POTFILES"
	fi
done
while read -r f; do
	[ -f "$f" ] || fail "po/POTFILES lists $f, which does not exist"
done <po/POTFILES

./scripts/xgettext.sh "$TMP/poa.pot" 2>"$TMP/xgettext.err" || { cat "$TMP/xgettext.err"; fail "xgettext failed"; }
# msgcmp names each message used in the sources that zh_CN.po does not
# translate; messages only zh_CN.po has are reached through variables.
if ! msgcmp po/zh_CN.po "$TMP/poa.pot" >"$TMP/msgcmp" 2>&1; then
	grep -v 'this message is not used' "$TMP/msgcmp" | sed 's/^/i18n: /'
	fail "po/zh_CN.po lacks translations (above); add them by hand"
fi
msgfmt -c -o /dev/null po/zh_CN.po 2>"$TMP/msgfmt" || { cat "$TMP/msgfmt"; fail "msgfmt -c rejects po/zh_CN.po"; }

[ "$fails" -eq 0 ] || exit 1
echo "i18n: every marked message of $(wc -l <po/POTFILES) files has its Chinese"
