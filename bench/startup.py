#!/usr/bin/env python3
"""Start-up cost of `poa read`: wall time, CPU time, page faults, shared
objects and instructions of one process, for one or more poa binaries.

Usage: bench/startup.py POA [POA...] [--file NOTICE] [--runs N]

Each POA is a poa binary or a build folder holding one.  The binaries and the
`/bin/cat NOTICE` baseline run interleaved, run by run, so that all see the
same machine load (other engineers compile on this 2-core machine: compare
only columns measured together).  Then each is counted once under callgrind.
Use it to compare two commits: build the old one in another folder, copy its
poa aside, and name both.

bench/run imports the functions below for its section 1 and 2.  Python 3
standard library only.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import accuracy  # noqa: E402  (bench/accuracy.py, beside this script)

SAMPLE = os.path.join(ROOT, "examples", "notices", "trademark-removal.eml")
BASELINE = "/bin/cat"
WARMUP_RUNS = 2
TIMED_RUNS = 20


def env():
    """The fixed environment of every run (TZ=UTC, C.UTF-8, no colour)."""
    return accuracy.bench_env()


# ---------------------------------------------------------------- wall time

def run_once(argv):
    """(wall ns, cpu ns, minor page faults) of one process, from spawn to
    exit, stdout to /dev/null.  CPU time (user + system) and page faults come
    from the child's own rusage (wait4): unlike wall time they barely move
    with the load other work puts on the machine."""
    start = time.perf_counter_ns()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env())
    _, status, ru = os.wait4(p.pid, 0)
    elapsed = time.perf_counter_ns() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError("%s exited %d" % (" ".join(argv), p.returncode))
    return elapsed, int((ru.ru_utime + ru.ru_stime) * 1e9), ru.ru_minflt


def time_commands(commands, runs=TIMED_RUNS):
    """({name: [wall ms, ...]}, {name: [cpu ms, ...]}, {name: [faults, ...]})
    for each (name, argv); runs interleaved so that both see the same machine
    load.  The warm-up runs are not kept."""
    for _ in range(WARMUP_RUNS):
        for _, argv in commands:
            run_once(argv)
    samples = {name: [] for name, _ in commands}
    cpu = {name: [] for name, _ in commands}
    faults = {name: [] for name, _ in commands}
    for _ in range(runs):
        for name, argv in commands:
            w, c, f = run_once(argv)
            samples[name].append(w / 1e6)
            cpu[name].append(c / 1e6)
            faults[name].append(f)
    return samples, cpu, faults


def shared_objects(path):
    """How many shared objects the dynamic linker maps for path at start
    (ldd's lines: the vDSO and ld.so included), or None."""
    try:
        p = subprocess.run(["ldd", path], capture_output=True, text=True)
    except OSError:
        return None
    return len(p.stdout.strip().splitlines()) if p.returncode == 0 else None


# ---------------------------------------------------------- instruction count

def callgrind_instructions(argv):
    """Instructions of argv under callgrind, or (None, reason)."""
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env())
    err = p.stderr.decode(errors="replace")
    m = re.search(r"Collected\s*:\s*([\d,]+)", err) or re.search(r"I\s+refs:\s*([\d,]+)", err)
    if not m:
        last = err.strip().splitlines()[-1:] or ["no output"]
        return None, "valgrind exit %d, no instruction count: %s" % (p.returncode, last[0])
    return int(m.group(1).replace(",", "")), None


def perf_instructions(argv):
    """Instructions of argv under `perf stat -e instructions -x,`, or (None, reason)."""
    p = subprocess.run(["perf", "stat", "-e", "instructions", "-x,"] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env())
    err = p.stderr.decode(errors="replace")
    for line in err.splitlines():
        cols = line.split(",")
        if len(cols) >= 3 and cols[2].startswith("instructions"):
            value = cols[0].strip()
            if value.isdigit():
                return int(value), None
            return None, "not supported here (perf says %s)" % (value or "nothing")
    last = err.strip().splitlines()[-1:] or ["no output"]
    return None, "perf failed (exit %d): %s" % (p.returncode, last[0])


# ---------------------------------------------------------------------- main

def main(argv):
    args, sample, runs = [], SAMPLE, TIMED_RUNS
    it = iter(argv[1:])
    for a in it:
        if a == "--file":
            sample = os.path.abspath(next(it, SAMPLE))
        elif a == "--runs":
            runs = int(next(it, TIMED_RUNS))
        else:
            args.append(a)
    if not args:
        print("usage: bench/startup.py POA [POA...] [--file NOTICE] [--runs N]", file=sys.stderr)
        return 2
    commands = []
    for a in args:
        path = os.path.join(accuracy.resolve_build(a), "poa") if os.path.isdir(a) else os.path.abspath(a)
        if not os.access(path, os.X_OK):
            print("startup: %s is not a poa binary" % path, file=sys.stderr)
            return 2
        commands.append((a, [path, "read", sample]))
    commands.append(("cat (baseline)", [BASELINE, sample]))
    wall, cpu, faults = time_commands(commands, runs)
    print("file: %s; %d runs after %d warm-up, interleaved" % (os.path.relpath(sample, ROOT), runs, WARMUP_RUNS))
    print("%-24s %10s %8s %8s %8s %6s %14s" % ("command", "median ms", "min ms", "cpu ms", "faults", "libs",
                                              "instructions"))
    for name, argv in commands:
        n, why = (callgrind_instructions(argv) if shutil.which("valgrind")
                  else (None, "valgrind not installed"))
        libs = shared_objects(argv[0])
        print("%-24s %10.3f %8.3f %8.3f %8d %6s %14s" % (
            name, statistics.median(wall[name]), min(wall[name]), statistics.median(cpu[name]),
            statistics.median(faults[name]), libs if libs is not None else "?",
            "{:,}".format(n) if n is not None else why))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
