#!/usr/bin/env python3
"""coverage.py: 100 % branch coverage of the access, consent, audit and protected-identity code (issue 11
item 10; docs/trust.md section 10 lists the files).

Builds the preset "coverage" (build/coverage) with only the listed files compiled with gcc --coverage, runs
the unit tests (tests/unit: cmocka, real SQLite files where storage is needed), and reports, per listed file,
its lines and branches with gcovr. Exits 1 when a listed file has a branch not taken both ways.

A branch that no test can take (a BUG() path) is excluded only with a comment on its line that says why:
`/* GCOVR_EXCL_BR_LINE: <reason> */`; the script fails on such a marker without a reason.

    scripts/coverage.py            build, test, report; exit 1 under 100 %
    scripts/coverage.py --html D   also an HTML report with every branch, in folder D

Needs gcovr (Debian package, scripts/install-deps.sh). ccache is used when CMAKE_C_COMPILER_LAUNCHER says so.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trust_files import ROOT, listed_files  # noqa: E402

BUILD = os.path.join(ROOT, "build", "coverage")
TESTS = r"^unit\.test_"


def run(cmd, **kw):
    r = subprocess.run(cmd, cwd=ROOT, **kw)
    if r.returncode != 0:
        sys.exit(f"coverage: {' '.join(cmd)} failed ({r.returncode})")
    return r


def check_markers(files):
    bad = []
    for f in files:
        with open(os.path.join(ROOT, f), encoding="utf-8") as src:
            for no, line in enumerate(src, 1):
                m = re.search(r"GCOVR_EXCL_\w+(.*)", line)
                if m and not re.match(r":\s*\S.{8,}", m.group(1)):
                    bad.append(f"{f}:{no}: an exclusion marker without its reason")
    if bad:
        sys.exit("coverage: " + "\n".join(bad))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--html", metavar="DIR", help="write an HTML report with the branches to DIR")
    args = ap.parse_args()
    files = listed_files()
    check_markers(files)
    t0 = time.monotonic()
    run(["cmake", "--preset", "coverage", "-DBP_COVERAGE_SOURCES=" + ";".join(files)], stdout=subprocess.DEVNULL)
    units = sorted(os.path.splitext(os.path.basename(t))[0] for t in glob.glob(os.path.join(ROOT, "tests/unit/test_*.c")))
    # the unit tests, and the compiled translations test_i18n reads
    run(["cmake", "--build", "--preset", "coverage", "--target"] + units + ["translations"], stdout=subprocess.DEVNULL)
    for g in glob.glob(os.path.join(BUILD, "**", "*.gcda"), recursive=True):
        os.remove(g)
    run(["ctest", "--test-dir", BUILD, "-R", TESTS, "-j2", "--output-on-failure"], stdout=subprocess.DEVNULL)
    cmd = ["gcovr", "-r", ROOT, "--object-directory", BUILD, "--exclude-unreachable-branches", "--json-summary",
           os.path.join(BUILD, "coverage-summary.json"), "--txt", os.path.join(BUILD, "coverage.txt"), "-b"]
    for f in files:
        cmd += ["--filter", re.escape(f) + "$"]
    if args.html:
        os.makedirs(args.html, exist_ok=True)
        cmd += ["--html-details", os.path.join(args.html, "index.html")]
    run(cmd, stdout=subprocess.DEVNULL)
    with open(os.path.join(BUILD, "coverage-summary.json"), encoding="utf-8") as f:
        summary = {e["filename"]: e for e in json.load(f)["files"]}
    with open(os.path.join(BUILD, "coverage.txt"), encoding="utf-8") as f:
        missing = {}
        for line in f:
            parts = line.split()
            if parts and parts[0] in files and len(parts) > 4:
                missing[parts[0]] = " ".join(parts[4:])
    failed = 0
    print(f"{'file':32} {'lines':>13} {'branches':>13}  branches not taken both ways (lines)")
    for name in files:
        e = summary.get(name)
        if not e:
            print(f"{name:32} no coverage data (not compiled with --coverage, or no test runs it)")
            failed += 1
            continue
        ok = e["branch_covered"] == e["branch_total"]
        failed += not ok
        print(f"{name:32} {e['line_covered']:>5}/{e['line_total']:<5} {e['branch_covered']:>5}/{e['branch_total']:<5}  "
              f"{'100 %' if ok else missing.get(name, '?')}")
    print(f"coverage: {len(files) - failed} of {len(files)} files at 100 % of branches "
          f"({time.monotonic() - t0:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
