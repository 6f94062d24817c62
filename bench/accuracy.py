#!/usr/bin/env python3
"""Field accuracy of `poa read` over the notice corpus.

Usage: bench/accuracy.py BUILD_DIR

For every tests/corpus/notices/NAME.{eml,mbox,html,txt} this runs

    BUILD_DIR/poa read --json --today 2026-11-28 NAME.ext

and compares the notices it prints, in order, with NAME.expected.json
({"notices": [ {...}, ... ]}, one object per message).  Only the keys present in
an expected object are checked (a missing key means "not tested"), so each field
has its own count of checks.  Two keys are derived from poa's "asins" array:

    asins   expected list of strings  vs  [a["asin"] for a in got["asins"]]
    titles  expected {asin: title}    vs  {a["asin"]: a["title"]} for the ASINs
                                          whose title is not null

Every other key is compared as JSON values (rights_owner and ip_refs as whole
objects / lists).  A message poa did not report (fewer notices than expected, or
a run that failed) counts as wrong for every key of its expected object.

Prints a per-field table, a per-family table, any failed runs and at most 30
mismatch lines.
It is a measurement, not a test: it exits 0 even when fields are wrong (and 2
only when it cannot run at all).  Standard library only.
"""

import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NOTICES = os.path.join(ROOT, "tests", "corpus", "notices")
TODAY = "2026-11-28"
EXTENSIONS = ("eml", "mbox", "html", "txt")
FIELDS = ("family", "is_amazon", "severity", "marketplace", "asins", "titles",
          "complaint_ids", "infringement_type", "rights_owner", "ip_refs",
          "deadline_days", "deadline_date", "reply_to", "message_id")
MAX_MISMATCH_LINES = 30
MISSING = "<missing>"


def resolve_build(build):
    """BUILD_DIR as given (relative to cwd), else relative to the repo root."""
    if os.path.isdir(build) or os.path.isabs(build):
        return os.path.abspath(build)
    return os.path.join(ROOT, build)


def bench_env():
    """A fixed environment: UTC, UTF-8 C locale, no colour."""
    env = dict(os.environ)
    env.update({"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "NO_COLOR": "1"})
    env.pop("LANGUAGE", None)
    return env


def corpus_files():
    """Sorted (input path, expected path) pairs of the notice corpus."""
    pairs = []
    for ext in EXTENSIONS:
        for path in glob.glob(os.path.join(NOTICES, "*." + ext)):
            expected = path[: -len(ext) - 1] + ".expected.json"
            if os.path.exists(expected):
                pairs.append((path, expected))
    return sorted(pairs)


def run_poa(poa, path):
    """poa's notices for one file, or (None, error text) when the run fails."""
    p = subprocess.run([poa, "read", "--json", "--today", TODAY, path],
                       capture_output=True, env=bench_env(), timeout=60)
    if p.returncode != 0:
        return None, "exit %d: %s" % (p.returncode,
                                      p.stderr.decode(errors="replace").strip()[:200])
    try:
        got = json.loads(p.stdout)
    except ValueError as e:
        return None, "output is not JSON: %s" % e
    if not isinstance(got, list):
        return None, "output is not a JSON array"
    return got, None


def field_value(notice, key):
    """The value of key in poa's notice, in the shape expected.json uses."""
    if notice is None:
        return MISSING
    asins = notice.get("asins") or []
    if key == "asins":
        return [a.get("asin") for a in asins]
    if key == "titles":
        return {a.get("asin"): a.get("title") for a in asins if a.get("title") is not None}
    return notice.get(key, MISSING)


def compare_file(poa, path, expected_path, failures):
    """Yield (message number from 1, key, expected, got, correct) for every
    expected key; a failed run is appended to failures as (file, error)."""
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)["notices"]
    got, error = run_poa(poa, path)
    if got is None:
        failures.append((os.path.basename(path), error))
        got = []
    for i, exp in enumerate(expected):
        notice = got[i] if i < len(got) else None
        for key, want in exp.items():
            have = field_value(notice, key)
            yield i + 1, key, want, have, want == have


def short(value, width=60):
    """A JSON rendering of value cut to width characters."""
    text = value if value == MISSING else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 3] + "..."


def measure(poa):
    """Run the corpus; return the tallies and the mismatch list."""
    fields = {k: [0, 0] for k in FIELDS}            # key -> [checked, correct]
    families = {}                                    # family -> [notices, correct]
    mismatches = []
    failures = []                                    # (file, error) of failed runs
    files = corpus_files()
    for path, expected_path in files:
        for i, key, want, have, ok in compare_file(poa, path, expected_path, failures):
            tally = fields.setdefault(key, [0, 0])
            tally[0] += 1
            tally[1] += ok
            if key == "family":
                fam = families.setdefault(want, [0, 0])
                fam[0] += 1
                fam[1] += ok
            if not ok:
                mismatches.append((os.path.basename(path), i, key, want, have))
    return {"files": len(files), "fields": fields, "families": families,
            "mismatches": mismatches, "failures": failures}


def pct(correct, checked):
    return "%.1f" % (100.0 * correct / checked) if checked else "-"


def print_report(result):
    """The two tables and the mismatch list."""
    fields, families = result["fields"], result["families"]
    print("%-18s %8s %8s %10s" % ("field", "checked", "correct", "accuracy %"))
    total = [0, 0]
    for key, (checked, correct) in fields.items():
        print("%-18s %8d %8d %10s" % (key, checked, correct, pct(correct, checked)))
        total[0] += checked
        total[1] += correct
    print("%-18s %8d %8d %10s" % ("all fields", total[0], total[1], pct(total[1], total[0])))
    print()
    print("%-22s %8s %15s" % ("family (expected)", "notices", "family correct"))
    for fam in sorted(families):
        n, ok = families[fam]
        print("%-22s %8d %15d" % (fam, n, ok))
    print()
    for name, error in result["failures"]:
        print("failed run: %s: %s" % (name, error))
    mism = result["mismatches"]
    if not mism:
        print("mismatches: none")
        return
    print("mismatches (%d; file #message (from 1) field: expected, got):" % len(mism))
    for name, i, key, want, have in mism[:MAX_MISMATCH_LINES]:
        print("  %s #%d %s: expected %s, got %s" % (name, i, key, short(want), short(have)))
    if len(mism) > MAX_MISMATCH_LINES:
        print("  ... %d more not shown" % (len(mism) - MAX_MISMATCH_LINES))


def summary(result):
    """One line: family accuracy, all-field accuracy, mismatch count."""
    fam = result["fields"]["family"]
    checked = sum(c for c, _ in result["fields"].values())
    correct = sum(k for _, k in result["fields"].values())
    return ("accuracy: family %d/%d (%s%%), all fields %d/%d (%s%%), %d mismatches, "
            "%d files, %d failed runs"
            % (fam[1], fam[0], pct(fam[1], fam[0]), correct, checked, pct(correct, checked),
               len(result["mismatches"]), result["files"], len(result["failures"])))


def main(argv):
    if len(argv) != 2:
        print("usage: bench/accuracy.py BUILD_DIR", file=sys.stderr)
        return 2
    poa = os.path.join(resolve_build(argv[1]), "poa")
    if not os.access(poa, os.X_OK):
        print("accuracy: %s not found (build first: make)" % poa, file=sys.stderr)
        return 2
    result = measure(poa)
    print_report(result)
    print()
    print(summary(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
