#!/bin/sh
# Every golden CLI test (tests/cli/NAME.cmd, run as tests/run.py runs it:
# leading VAR=value words set the environment, the working directory is
# tests/cli, standard input is NAME.stdin when there is one) again under
# valgrind's memcheck: no invalid read or write, no use of uninitialised
# memory, no definite or indirect leak, and the exit status of the golden
# output. tests/valgrind.supp holds the suppressions, each with its reason.
#
# One kind of report is not counted: an error whose every frame is in
# anonymous memory (valgrind prints "at 0x...: ???" with no object). That is
# code PCRE2's JIT compiler generated (poa_kb_optimize, used for mailboxes):
# valgrind cannot see into it, and its vectorised scans read past the
# subject's end within the allocation and throw those bytes away. The same
# commands with the interpreter instead of the JIT report nothing. A
# suppression cannot name "no object" (obj:* would hide every error), so the
# log is read here; any error with a frame in poa or a library still fails.
# Two commands run at a time. Skipped (passes) for a sanitizer build, which
# valgrind cannot run, and when valgrind is not installed.
# usage: valgrind-cli.sh BUILD_DIR [NAME...]   (run from the repository root)
set -eu
case "$1" in /*) POA="$1/poa" ;; *) POA="$PWD/$1/poa" ;; esac
shift
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind-cli: valgrind is not installed: skipped"
	exit 0
fi
if [ "${POA_SANITIZED:-0}" = 1 ] || grep -q -a __asan_init "$POA"; then
	echo "valgrind-cli: $POA is built with a sanitizer: skipped"
	exit 0
fi
exec python3 - "$POA" "$@" <<'PY'
import concurrent.futures, glob, os, re, shlex, shutil, subprocess, sys, tempfile, time

poa, names = sys.argv[1], sys.argv[2:]
root = os.getcwd()
cli = os.path.join(root, 'tests', 'cli')
supp = os.path.join(root, 'tests', 'valgrind.supp')
tmp = tempfile.mkdtemp(prefix='poa-valgrind-')

def run(cmd_path):
    stem = cmd_path[:-4]
    name = os.path.basename(stem)
    with open(cmd_path, encoding='utf-8') as f:
        args = shlex.split(f.read(), comments=True)
    env = dict(os.environ, TZ='UTC', LANG='C.UTF-8', LC_ALL='C.UTF-8', NO_COLOR='1')
    env.pop('LANGUAGE', None)
    # As tests/run.py: a throwaway case store for every command, filled from
    # an export when the command starts with STORE=FILE.json.
    env['POA_DB'] = os.path.join(tmp, name + '.db')
    seed = None
    while args and re.match(r'^[A-Z_]+=', args[0]):
        k, v = args.pop(0).split('=', 1)
        if k == 'STORE':
            seed = v
        else:
            env[k] = v
    if seed:
        subprocess.run([poa, 'import', seed], cwd=cli, env=env, capture_output=True, check=True)
    # As tests/run.py: @STORE@ is the command's store, @TMP@ a folder of its own.
    own = os.path.join(tmp, name + '.d')
    os.makedirs(own, exist_ok=True)
    args = [a.replace('@STORE@', env['POA_DB']).replace('@TMP@', own) for a in args]
    log = os.path.join(tmp, name + '.log')
    vg = ['valgrind', '--error-exitcode=99', '--leak-check=full', '--errors-for-leak-kinds=definite,indirect',
          '--show-leak-kinds=definite,indirect', '--num-callers=40', '--suppressions=' + supp,
          '--log-file=' + log]
    stdin_path = stem + '.stdin'
    start = time.time()
    with open(stdin_path, 'rb') if os.path.exists(stdin_path) else open(os.devnull, 'rb') as stdin:
        p = subprocess.run(vg + [poa] + args, cwd=cli, stdin=stdin, capture_output=True, env=env, timeout=900)
    took = time.time() - start
    problems = []
    report = open(log, encoding='utf-8', errors='replace').read()
    m = re.search(r'ERROR SUMMARY: ([\d,]+) errors from ([\d,]+) contexts', report)
    contexts = int(m.group(2).replace(',', '')) if m else -1
    blocks = re.split(r'\n==\d+== \n', report)
    jit = [b for b in blocks if re.search(r'(?:at|by) 0x', b) and
           all(re.search(r': \?\?\?$', l) for l in b.splitlines() if re.search(r'(?:at|by) 0x', l))]
    real = [b for b in blocks if re.search(r'(?:at|by) 0x', b) and b not in jit]
    if contexts < 0 or contexts > len(jit) or (p.returncode == 99 and not jit):
        problems.append('valgrind found errors (%d contexts, %d of them in JIT code only):\n%s' % (
            contexts, len(jit), '\n\n'.join(real)[-6000:] or report[-6000:]))
    want = None
    if os.path.exists(stem + '.out'):
        m = re.search(r'^\[exit (\d+)\]$', open(stem + '.out', encoding='utf-8', errors='replace').read(), re.M)
        want = int(m.group(1)) if m else None
    # With errors in JIT code only, valgrind's 99 stands in for poa's status.
    if not problems and want is not None and p.returncode != want and not (p.returncode == 99 and jit):
        problems.append('exit %d under valgrind, %d in %s.out' % (p.returncode, want, name))
    return name, problems, took

cmds = sorted(glob.glob(os.path.join(cli, '*.cmd')))
if names:
    cmds = [c for c in cmds if os.path.basename(c)[:-4] in names]
failed, times = 0, []
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    for name, problems, took in pool.map(run, cmds):
        times.append((took, name))
        if problems:
            failed += 1
            print('FAIL cli/%s under valgrind: %s' % (name, '\n'.join(problems)))
shutil.rmtree(tmp, ignore_errors=True)
slow = ', '.join('%s %.0fs' % (n, t) for t, n in sorted(times, reverse=True)[:3])
print('valgrind-cli: %d commands, %d failed (slowest: %s)' % (len(cmds), failed, slow))
sys.exit(1 if failed else 0)
PY
