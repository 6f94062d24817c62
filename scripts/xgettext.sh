#!/bin/sh
# Writes the message template OUT (po/poa.pot for `make pot`) from the files
# po/POTFILES lists. The keywords are every function that takes a message to
# translate, with the argument that holds it; tests/shell/i18n.sh uses the
# same list to find strings that have no Chinese yet.
# usage: scripts/xgettext.sh OUT   (run from the top of the source tree)
set -eu
exec xgettext --from-code=UTF-8 -k_ -kN_ -kpoa_error_set:3 -kbad_value:2 -kdb_fail:3 -kstep_done:3 \
	-kwrite_user_id:4 -kdngettext:2,3 -kdgettext:2 --add-comments --package-name=poa \
	-o "$1" -f po/POTFILES
