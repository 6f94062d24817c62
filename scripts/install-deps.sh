#!/bin/sh
# Installs the Debian packages poa needs to build and test. Idempotent: does
# nothing when they are all there. Run as root (CI) or with sudo.
set -eu
PKGS="build-essential pkg-config meson ninja-build python3 gettext clang
libgmime-3.0-dev libgpgme-dev libidn2-dev libxml2-dev libpcre2-dev libutf8proc-dev libjansson-dev
libyaml-dev libunistring-dev libuchardet-dev libcmocka-dev libedit-dev libsqlite3-dev libcurl4-openssl-dev libhunspell-dev hunspell-en-us hunspell-en-gb valgrind
groff-base openssl dovecot-imapd
libmicrohttpd-dev chromium fonts-wqy-microhei wrk
postgresql libpq-dev libargon2-1
libclang-rt-14-dev"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
