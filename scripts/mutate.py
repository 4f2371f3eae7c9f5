#!/usr/bin/env python3
"""mutate.py: mutation testing of the access, consent, audit and protected-identity code (issue 11 item 10;
docs/trust.md section 10 lists the files).

Every comparison (== != < <= > >=), every && and every || in the listed files gives one mutant: that one
operator flipped to its opposite (== and !=, < and >=, <= and >, && and ||), nothing else changed. For each
mutant the script writes the file, rebuilds only what it needs in build/mutate (ninja: the one object, its
library, the test binaries), runs the fast tests that cover the file, and expects at least one to fail (or to
crash, or to hang past the timeout). A mutant no test notices survives. The file is always put back.

Targeted mutants outside the list are checked the same way against the test written for them:
  src/http/server.c, flush_batch: `rc != BP_OK` (the audit commit failed: 503, nobody gets the data) against
  tests/http/audit_failure.test.mjs on SQLite.

    scripts/mutate.py                   every mutant; exit 1 when one survives
    scripts/mutate.py --file PATH       only the mutants of PATH (repeatable)
    scripts/mutate.py --list            list the mutants, run nothing
    scripts/mutate.py --line PATH:N     only the mutants on line N of PATH (to check a new test)

Unit tests run with BP_TEST_QUICK=1 first (test_trust_app then skips its 5 s wait for a held write lock) and,
only when none failed, once more in full. TMPDIR is /dev/shm when it exists (SQLite's fsyncs are the cost).
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trust_files import ROOT, listed_files  # noqa: E402

BUILD = os.path.join(ROOT, "build", "mutate")
TIMEOUT = 60  # seconds per test run: a mutant that loops forever is killed by it

# The fast tests that cover each listed file (tests/unit executables). A listed file missing here runs them all.
TESTS = {
    "src/domain/access.c": ["test_access", "test_trust_domain", "test_trust_app"],
    "src/domain/consent.c": ["test_consent", "test_trust_domain", "test_trust_app"],
    "src/domain/protection.c": ["test_protection", "test_trust_domain", "test_trust_app"],
    "src/domain/family.c": ["test_family", "test_trust_domain"],
    "src/app/access.c": ["test_trust_app"],
    "src/app/protection.c": ["test_trust_app"],
    "src/domain/audit_chain.c": ["test_audit_chain"],
    "src/app/audit.c": ["test_trust_audit"],
    "src/storage/store_audit.c": ["test_trust_audit", "test_trust_app"],
    "src/app/unit.c": ["test_trust_unit"],
    "src/app/consent.c": ["test_trust_unit"],
    "src/app/family_consent.c": ["test_trust_family_consent"],
}

# (file, function, exact text of the comparison, node test files): mutants outside the list, each run by the
# test written to kill it.
TARGETED = [
    ("src/http/server.c", "flush_batch", "rc != BP_OK", ["http/audit_failure.test.mjs"]),
]

FLIP = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", "<=": ">", ">": "<=", "&&": "||", "||": "&&"}
TOKEN = re.compile(
    r"""(?P<skip>/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|^[ \t]*\#[ \t]*(?!define)[^\n]*)"""
    r"""|(?P<op>->|<<=?|>>=?|==|!=|<=|>=|&&|\|\||<|>)""",
    re.S | re.M,
)


def mutants_of(path):
    """[(offset, line, op)] of every operator to flip in the file, outside comments, strings and #include."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        text = f.read()
    out = []
    for m in TOKEN.finditer(text):
        op = m.group("op")
        if op and op in FLIP:
            out.append((m.start("op"), text.count("\n", 0, m.start("op")) + 1, op))
    return text, out


def targeted_mutants():
    """[(path, offset, line, op, node files)] of TARGETED: the comparison inside the named function."""
    out = []
    for path, func, expr, files in TARGETED:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            text = f.read()
        start = re.search(r"^\w[^\n]*\b" + func + r"\(", text, re.M)
        if not start:
            sys.exit(f"mutate: {path} has no function {func}")
        end = text.find("\n}\n", start.end())
        at = text.find(expr, start.end(), end)
        if at < 0:
            sys.exit(f"mutate: {path} {func}() no longer has `{expr}`: update TARGETED")
        op = next(o for o in ("!=", "==", "<=", ">=", "&&", "||", "<", ">") if f" {o} " in expr)
        at += expr.index(f" {op} ") + 1
        out.append((path, at, text.count("\n", 0, at) + 1, op, files))
    return out


def sh(cmd, timeout=None, env=None, cwd=ROOT):
    try:
        r = subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return r.returncode, r.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", ""


def configure(sources):
    env = dict(os.environ)
    # the dev build's flags, so that ccache serves every file but the mutated ones, which get -Wno-error
    rc, out = sh(["cmake", "-S", ROOT, "-B", BUILD, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Debug", "-DBP_WERROR=ON",
                  "-DBP_MUTATE_SOURCES=" + ";".join(sources)], env=env)
    if rc != 0:
        sys.exit("mutate: configure failed\n" + out)
    rc, out = sh(["cmake", "--build", BUILD])
    if rc != 0:
        sys.exit("mutate: the unmutated build fails\n" + out[-4000:])


def test_env(quick):
    env = dict(os.environ)
    if os.path.isdir("/dev/shm"):
        env["TMPDIR"] = "/dev/shm"
    env["BARNPLAN_SOURCE_DIR"] = ROOT
    env["BARNPLAN_LOCALEDIR"] = os.path.join(BUILD, "locale")
    if quick:
        env["BP_TEST_QUICK"] = "1"
    else:
        env.pop("BP_TEST_QUICK", None)
    return env


def run_unit(tests):
    """'killed by X' when a test fails, None when every one passed."""
    for quick in (True, False):
        for t in tests:
            rc, _ = sh([os.path.join(BUILD, "tests", "unit", t)], timeout=TIMEOUT, env=test_env(quick))
            if rc != 0:
                return f"{t}{' (timeout)' if rc == 'timeout' else ''}"
    return None


def run_node(files):
    env = test_env(False)
    env.update({"BARNPLAN_BIN": os.path.join(BUILD, "src", "cli", "barnplan"), "BARNPLAN_FAST_HASH": "1",
                "BARNPLAN_TEST_DB": "sqlite"})
    for f in files:
        rc, _ = sh(["node", "--test", f], timeout=300, env=env, cwd=os.path.join(ROOT, "tests"))
        if rc != 0:
            return f"{f}{' (timeout)' if rc == 'timeout' else ''}"
    return None


def try_mutant(path, text, offset, op, targets, run):
    """(outcome, by): outcome 'killed', 'survived' or 'stillborn' (does not build)."""
    full = os.path.join(ROOT, path)
    mutated = text[:offset] + FLIP[op] + text[offset + len(op):]
    try:
        with open(full, "w", encoding="utf-8") as f:
            f.write(mutated)
        rc, out = sh(["ninja", "-C", BUILD] + targets)
        if rc != 0:
            return "stillborn", out.strip().splitlines()[-1:] or [""]
        by = run()
        return ("killed", by) if by else ("survived", None)
    finally:
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--file", action="append", help="only this listed file (repeatable)")
    ap.add_argument("--line", help="only PATH:N")
    ap.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    ap.add_argument("--no-targeted", action="store_true", help="leave out the targeted mutants")
    args = ap.parse_args()
    files = listed_files()
    only_line = None
    if args.line:
        p, n = args.line.rsplit(":", 1)
        files, only_line = [p], int(n)
    elif args.file:
        unknown = [f for f in args.file if f not in files and f not in [t[0] for t in TARGETED]]
        if unknown:
            sys.exit(f"mutate: not in docs/trust.md section 10's list nor targeted: {', '.join(unknown)}")
        files = [f for f in files if f in args.file]
    work = []  # (path, offset, line, op, targets, run)
    for path in files:
        text, ms = mutants_of(path)
        tests = TESTS.get(path) or sorted(
            os.path.splitext(t)[0] for t in os.listdir(os.path.join(ROOT, "tests", "unit")) if t.startswith("test_")
            and t.endswith(".c"))
        for off, line, op in ms:
            if only_line is None or line == only_line:
                work.append((path, off, line, op, tests, lambda t=tests: run_unit(t)))
    if not args.no_targeted and (not args.file or any(t[0] in args.file for t in TARGETED)) and not args.line:
        for path, off, line, op, nodefiles in targeted_mutants():
            work.append((path, off, line, op, ["barnplan"], lambda f=nodefiles: run_node(f)))
    if args.list:
        for path, off, line, op, targets, _ in work:
            print(f"{path}:{line}: {op} -> {FLIP[op]}   ({', '.join(targets)})")
        print(f"{len(work)} mutants")
        return 0
    if shutil.which("ninja") is None:
        sys.exit("mutate: needs ninja")
    # SIGTERM and SIGHUP unwind like Ctrl-C, so that the mutated file is always put back (try_mutant's finally)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.default_int_handler)
    t0 = time.monotonic()
    configure(sorted({w[0] for w in work}))
    per_file = {}
    survivors = []
    texts = {}
    for i, (path, off, line, op, targets, run) in enumerate(work, 1):
        if path not in texts:
            with open(os.path.join(ROOT, path), encoding="utf-8") as f:
                texts[path] = f.read()
        outcome, by = try_mutant(path, texts[path], off, op, targets, run)
        stats = per_file.setdefault(path, {"killed": 0, "survived": 0, "stillborn": 0})
        stats[outcome] += 1
        src_line = texts[path].splitlines()[line - 1].strip()
        print(f"[{i}/{len(work)}] {outcome:9} {path}:{line}: {op} -> {FLIP[op]}  {src_line[:90]}"
              f"{'  (' + str(by) + ')' if outcome == 'killed' else ''}", flush=True)
        if outcome == "survived":
            survivors.append(f"{path}:{line}: {op} -> {FLIP[op]}   {src_line}")
    sh(["ninja", "-C", BUILD])  # the objects of the unmutated files again
    print(f"\n{'file':28} {'mutants':>8} {'killed':>7} {'survived':>9} {'stillborn':>10}")
    for path, s in per_file.items():
        print(f"{path:28} {sum(s.values()):>8} {s['killed']:>7} {s['survived']:>9} {s['stillborn']:>10}")
    total = {k: sum(s[k] for s in per_file.values()) for k in ("killed", "survived", "stillborn")}
    print(f"{'total':28} {sum(total.values()):>8} {total['killed']:>7} {total['survived']:>9} {total['stillborn']:>10}")
    print(f"mutate: {time.monotonic() - t0:.0f} s")
    if survivors:
        print("\nsurvived (no test failed):\n  " + "\n  ".join(survivors))
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
