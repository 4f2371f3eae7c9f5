#!/usr/bin/env python3
"""asvs-check.py: checks docs/asvs.md, the table of every OWASP ASVS 5.0.0 Level 1 and Level 2 requirement
(issue 11 item 9), and prints its counts.

It fails (exit 1) when
  - a Level 1 or 2 requirement of ASVS 5.0.0 is missing from the table, is there twice, has the wrong level,
    is out of order, or the table has a row ASVS 5.0.0 does not have;
  - a row's status is not one of met, n/a, pending, deploy, partial, gap;
  - an applicable row (met, pending, deploy, partial) has no evidence, or a gap/partial row does not say
    what is missing ("missing:"), or an n/a row gives no reason;
  - a Level 1 row is anything but met, n/a or deploy (Level 2 rows may be gap or partial, saying what is
    missing);
  - any evidence names a file that does not exist, a test name that is not a test of that file, or a
    document section whose heading is not in that document.

Evidence is written in backticks in the last column:
  `tests/http/session.test.mjs::a new session id at every login`   a test (its name, or a part of it)
  `tests/unit/test_auth.c::test_session_alive`                      a cmocka test (registered in the file)
  `tests/cli/test_cli.sh::user passwd`                             a check of the CLI test
  `docs/architecture.md § Storage`                                  a section of a document (its heading)
  `scripts/static-analysis.sh`                                      a file
Backticked words that do not start with a folder of the repository (`X-Forwarded-For`) are just words.

Usage: scripts/asvs-check.py [--list STATUS] [--table docs/asvs.md]
"""
import functools
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Every Level 1 and Level 2 requirement of ASVS 5.0.0 with its level, in the standard's order, from
# OWASP/ASVS 5.0/docs_en/OWASP_Application_Security_Verification_Standard_5.0.0_en.csv (70 at L1, 183 at L2;
# Level 3 requirements are left out).
EXPECTED = """
V1.1.1:2 V1.1.2:2 V1.2.1:1 V1.2.2:1 V1.2.3:1 V1.2.4:1 V1.2.5:1 V1.2.6:2 V1.2.7:2 V1.2.8:2 V1.2.9:2
V1.3.1:1 V1.3.2:1 V1.3.3:2 V1.3.4:2 V1.3.5:2 V1.3.6:2 V1.3.7:2 V1.3.8:2 V1.3.9:2 V1.3.10:2 V1.3.11:2
V1.4.1:2 V1.4.2:2 V1.4.3:2 V1.5.1:1 V1.5.2:2
V2.1.1:1 V2.1.2:2 V2.1.3:2 V2.2.1:1 V2.2.2:1 V2.2.3:2 V2.3.1:1 V2.3.2:2 V2.3.3:2 V2.3.4:2 V2.4.1:2
V3.2.1:1 V3.2.2:1 V3.3.1:1 V3.3.2:2 V3.3.3:2 V3.3.4:2 V3.4.1:1 V3.4.2:1 V3.4.3:2 V3.4.4:2 V3.4.5:2 V3.4.6:2
V3.5.1:1 V3.5.2:1 V3.5.3:1 V3.5.4:2 V3.5.5:2 V3.7.1:2 V3.7.2:2
V4.1.1:1 V4.1.2:2 V4.1.3:2 V4.2.1:2 V4.3.1:2 V4.3.2:2 V4.4.1:1 V4.4.2:2 V4.4.3:2 V4.4.4:2
V5.1.1:2 V5.2.1:1 V5.2.2:1 V5.2.3:2 V5.3.1:1 V5.3.2:1 V5.4.1:2 V5.4.2:2 V5.4.3:2
V6.1.1:1 V6.1.2:2 V6.1.3:2 V6.2.1:1 V6.2.2:1 V6.2.3:1 V6.2.4:1 V6.2.5:1 V6.2.6:1 V6.2.7:1 V6.2.8:1
V6.2.9:2 V6.2.10:2 V6.2.11:2 V6.2.12:2 V6.3.1:1 V6.3.2:1 V6.3.3:2 V6.3.4:2 V6.4.1:1 V6.4.2:1 V6.4.3:2
V6.4.4:2 V6.5.1:2 V6.5.2:2 V6.5.3:2 V6.5.4:2 V6.5.5:2 V6.6.1:2 V6.6.2:2 V6.6.3:2 V6.8.1:2 V6.8.2:2
V6.8.3:2 V6.8.4:2
V7.1.1:2 V7.1.2:2 V7.1.3:2 V7.2.1:1 V7.2.2:1 V7.2.3:1 V7.2.4:1 V7.3.1:2 V7.3.2:2 V7.4.1:1 V7.4.2:1
V7.4.3:2 V7.4.4:2 V7.4.5:2 V7.5.1:2 V7.5.2:2 V7.6.1:2 V7.6.2:2
V8.1.1:1 V8.1.2:2 V8.2.1:1 V8.2.2:1 V8.2.3:2 V8.3.1:1 V8.4.1:2
V9.1.1:1 V9.1.2:1 V9.1.3:1 V9.2.1:1 V9.2.2:2 V9.2.3:2 V9.2.4:2
V10.1.1:2 V10.1.2:2 V10.2.1:2 V10.2.2:2 V10.3.1:2 V10.3.2:2 V10.3.3:2 V10.3.4:2 V10.4.1:1 V10.4.2:1
V10.4.3:1 V10.4.4:1 V10.4.5:1 V10.4.6:2 V10.4.7:2 V10.4.8:2 V10.4.9:2 V10.4.10:2 V10.4.11:2 V10.5.1:2
V10.5.2:2 V10.5.3:2 V10.5.4:2 V10.5.5:2 V10.6.1:2 V10.6.2:2 V10.7.1:2 V10.7.2:2 V10.7.3:2
V11.1.1:2 V11.1.2:2 V11.2.1:2 V11.2.2:2 V11.2.3:2 V11.3.1:1 V11.3.2:1 V11.3.3:2 V11.4.1:1 V11.4.2:2
V11.4.3:2 V11.4.4:2 V11.5.1:2 V11.6.1:2
V12.1.1:1 V12.1.2:2 V12.1.3:2 V12.2.1:1 V12.2.2:1 V12.3.1:2 V12.3.2:2 V12.3.3:2 V12.3.4:2
V13.1.1:2 V13.2.1:2 V13.2.2:2 V13.2.3:2 V13.2.4:2 V13.2.5:2 V13.3.1:2 V13.3.2:2 V13.4.1:1 V13.4.2:2
V13.4.3:2 V13.4.4:2 V13.4.5:2
V14.1.1:2 V14.1.2:2 V14.2.1:1 V14.2.2:2 V14.2.3:2 V14.2.4:2 V14.3.1:1 V14.3.2:2 V14.3.3:2
V15.1.1:1 V15.1.2:2 V15.1.3:2 V15.2.1:1 V15.2.2:2 V15.2.3:2 V15.3.1:1 V15.3.2:2 V15.3.3:2 V15.3.4:2
V15.3.5:2 V15.3.6:2 V15.3.7:2
V16.1.1:2 V16.2.1:2 V16.2.2:2 V16.2.3:2 V16.2.4:2 V16.2.5:2 V16.3.1:2 V16.3.2:2 V16.3.3:2 V16.3.4:2
V16.4.1:2 V16.4.2:2 V16.4.3:2 V16.5.1:2 V16.5.2:2 V16.5.3:2
V17.1.1:2 V17.2.1:2 V17.2.2:2 V17.2.3:2 V17.2.4:2 V17.3.1:2 V17.3.2:2
"""

STATUSES = ("met", "n/a", "pending", "deploy", "partial", "gap")
NEEDS_EVIDENCE = ("met", "pending", "deploy", "partial")
TOP = ("src/", "tests/", "docs/", "scripts/", "bench/", "templates/", "migrations/", "static/", "po/", ".ci/")
ROOT_FILES = ("CMakeLists.txt", "CMakePresets.json", "README.md")
TRUST = "docs/trust.md"


def expected():
    out = []
    for tok in EXPECTED.split():
        rid, level = tok.split(":")
        out.append((rid, level))
    return out


@functools.lru_cache(maxsize=None)
def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


@functools.lru_cache(maxsize=None)
def headings(path):
    return {m.group(1).strip() for m in re.finditer(r"^#+\s+(.*?)\s*#*\s*$", read(path), re.M)}


def is_path(tok):
    return tok.startswith(TOP) or tok.split("::")[0].split(" § ")[0] in ROOT_FILES


def test_found(path, name):
    """Whether name is (part of) the name of a test in path."""
    text = read(path)
    if path.endswith(".mjs"):
        return any(name in line for line in text.splitlines() if re.search(r"\b(test|describe|it)\(", line))
    if path.endswith(".c"):
        return re.search(r"cmocka_unit_test\w*\(\s*" + re.escape(name) + r"\b", text) is not None
    if path.endswith(".sh"):
        return any(name in line for line in text.splitlines() if re.match(r"\s*check\w*\s", line))
    return name in text


def check_ref(tok):
    """An error message, or None when the evidence resolves."""
    if "::" in tok:
        path, name = tok.split("::", 1)
        if not os.path.isfile(os.path.join(ROOT, path)):
            return f"no file {path}"
        if not test_found(path, name):
            return f"no test named '{name}' in {path}"
        return None
    if " § " in tok:
        path, heading = tok.split(" § ", 1)
        if not os.path.isfile(os.path.join(ROOT, path)):
            return f"no file {path}"
        if heading not in headings(path):
            return f"no section '{heading}' in {path}"
        return None
    if not os.path.exists(os.path.join(ROOT, tok)):
        return f"no file {tok}"
    return None


def parse(table):
    rows = []
    for n, line in enumerate(read(table).splitlines(), 1):
        if not re.match(r"\|\s*V\d+\.\d+\.\d+\s*\|", line):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5:
            rows.append((n, None, None, None, None, f"{len(cells)} columns, wanted 5"))
            continue
        rid, level, _text, status, ev = cells
        rows.append((n, rid, level, status, ev, None))
    return rows


def main(argv):
    table = "docs/asvs.md"
    list_status = None
    i = 1
    while i < len(argv):
        if argv[i] == "--list" and i + 1 < len(argv):
            list_status, i = argv[i + 1], i + 2
        elif argv[i] == "--table" and i + 1 < len(argv):
            table, i = argv[i + 1], i + 2
        else:
            print(__doc__)
            return 2
    errors = []
    rows = parse(table)
    exp = expected()
    exp_ids = [r for r, _ in exp]
    levels = dict(exp)
    seen = {}
    counts = {s: {"1": 0, "2": 0} for s in STATUSES}
    waiting = []
    for n, rid, level, status, ev, err in rows:
        where = f"{table}:{n}"
        if err:
            errors.append(f"{where}: {err}")
            continue
        if rid not in levels:
            errors.append(f"{where}: {rid} is not a Level 1 or 2 requirement of ASVS 5.0.0")
            continue
        if rid in seen:
            errors.append(f"{where}: {rid} is there twice (line {seen[rid]} too)")
            continue
        seen[rid] = n
        if level != levels[rid]:
            errors.append(f"{where}: {rid} is Level {levels[rid]} in ASVS 5.0.0, not '{level}'")
        if status not in STATUSES:
            errors.append(f"{where}: {rid}: status '{status}' is not one of {', '.join(STATUSES)}")
            continue
        counts[status][levels[rid]] += 1
        refs = [t for t in re.findall(r"`([^`]+)`", ev) if is_path(t)]
        for t in refs:
            msg = check_ref(t)
            if msg:
                errors.append(f"{where}: {rid}: {msg}")
        prose = re.sub(r"`[^`]*`", "", ev).strip(" ;,.")
        if status in NEEDS_EVIDENCE and not refs:
            errors.append(f"{where}: {rid} is '{status}' but names no test, document or file")
        if status in ("gap", "partial", "pending") and level == "1":
            errors.append(f"{where}: {rid} is Level 1 and '{status}': every Level 1 requirement is met, "
                          "n/a or the installation's (deploy)")
        if status in ("gap", "partial") and "missing:" not in ev:
            errors.append(f"{where}: {rid} is '{status}' but does not say what is missing ('missing: ...')")
        if status == "n/a" and len(prose) < 20:
            errors.append(f"{where}: {rid} is n/a without a reason")
        if status == "deploy" and not any(" § " in t for t in refs):
            errors.append(f"{where}: {rid} is 'deploy' but names no document section for the installation")
        if status == "pending":
            trust = [t for t in refs if t.startswith(TRUST + " § ")]
            if not trust:
                errors.append(f"{where}: {rid} is 'pending' but names no section of {TRUST}")
            for t in trust:
                heading = t.split(" § ", 1)[1]
                if heading in headings(TRUST) and "(to be written)" in section_text(TRUST, heading):
                    waiting.append(f"{rid} ({heading.split('.')[0]})")
        if list_status and status == list_status:
            print(f"{rid}\tL{levels[rid]}\t{ev}")
    missing = [r for r in exp_ids if r not in seen]
    if missing:
        errors.append(f"{table}: missing requirements: {' '.join(missing)}")
    order = [r for r in (row[1] for row in rows) if r in levels]
    if not missing and order != exp_ids:
        first = next(i for i, (a, b) in enumerate(zip(order, exp_ids)) if a != b)
        errors.append(f"{table}: rows out of the standard's order at {order[first]} (expected {exp_ids[first]})")
    for e in errors:
        print(e, file=sys.stderr)
    total = {lv: sum(counts[s][lv] for s in STATUSES) for lv in ("1", "2")}
    print(f"ASVS 5.0.0 L1+L2: {total['1'] + total['2']} requirements (L1 {total['1']}, L2 {total['2']})")
    for s in STATUSES:
        c = counts[s]
        print(f"  {s:8} {c['1'] + c['2']:4}   (L1 {c['1']}, L2 {c['2']})")
    gaps = sum(counts[s][lv] for s in ("gap", "partial") for lv in ("1", "2"))
    print(f"  gaps (gap + partial): {gaps}")
    if waiting:
        print(f"  pending rows whose docs/trust.md section is still to be written: {', '.join(waiting)}")
    if errors:
        print(f"asvs-check: {len(errors)} problem(s)", file=sys.stderr)
        return 1
    return 0


def section_text(path, heading):
    text = read(path)
    m = re.search(r"^(#+)\s+" + re.escape(heading) + r"\s*$", text, re.M)
    if not m:
        return ""
    rest = text[m.end():]
    nxt = re.search(r"^#{1,%d}\s" % len(m.group(1)), rest, re.M)
    return rest[: nxt.start()] if nxt else rest


if __name__ == "__main__":
    sys.exit(main(sys.argv))
