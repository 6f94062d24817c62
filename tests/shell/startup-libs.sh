#!/bin/sh
# What every poa process loads at start (issue 2: `poa read` in 5 ms): with
# the default -Dstatic_deps=true the executable needs libc alone (libm is
# opened by the first math call, libm_lazy.c; libxml2, libcurl and the rest
# by the commands that use them, dynlib.c), `poa read` of a notice initialises
# no other shared library, and libgcc's CPUID constructor is not linked
# (cpu.c). A new dependency that every command would pay for fails here.
# usage: startup-libs.sh BUILD_DIR   (run from the top of the source tree)
set -eu
BUILD=$1
POA=$BUILD/poa

static=$(python3 -c '
import json, sys
opts = json.load(open(sys.argv[1] + "/meson-info/intro-buildoptions.json"))
print([o["value"] for o in opts if o["name"] == "static_deps"][0])' "$BUILD")
if [ "$static" != "True" ]; then
	echo "startup-libs: -Dstatic_deps=false links the libraries shared; nothing of this to check"
	exit 0
fi

fails=0
fail() {
	echo "startup-libs: $*"
	fails=$((fails + 1))
}

# The sanitizer runtimes of the ASan build are the only other libraries allowed.
needed=$(readelf -d "$POA" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep -v -E '^lib(asan|ubsan)\.' | tr '\n' ' ')
[ "$needed" = "libc.so.6 " ] || fail "$POA needs '$needed' at start, expected libc.so.6 alone"

inits=$(LD_DEBUG=libs "$POA" read examples/notices/trademark-removal.eml 2>&1 >/dev/null |
	sed -n 's/.*calling init: //p' | grep -v -E '/(libc\.so\.6|ld-linux[^/]*|lib(asan|ubsan|stdc\+\+|gcc_s|m)\.so[^/]*)$' || true)
[ -z "$inits" ] || fail "poa read initialised $(echo "$inits" | tr '\n' ' ')"

if nm "$POA" | grep -q ' __cpu_indicator_init$'; then
	fail "libgcc's __cpu_indicator_init is linked: use poa_cpu_use_avx2() (cpu.c), not __builtin_cpu_supports()"
fi

if [ "$fails" -gt 0 ]; then
	exit 1
fi
echo "startup-libs: libc alone at start, nothing more for poa read"
