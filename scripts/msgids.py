#!/usr/bin/env python3
"""msgids.py: lists every Swedish msgid Barnplan shows (templates' {{_ ...}}, N_("...") in C, and the
literal Swedish strings passed to bp_tr/bp_page_ctx/bp_fail_status), and with --missing the ones
po/en.po does not translate. A maintenance tool; the test suite checks the same (tests/unit/test_i18n.c)."""
import re, sys, pathlib
root = pathlib.Path(__file__).resolve().parent.parent
ids = []
def add(s):
    s = s.strip()
    if s and s not in ids:
        ids.append(s)
for f in sorted((root / "templates").glob("*.html")):
    for m in re.finditer(r"\{\{_\s*(.*?)\s*\}\}", f.read_text(), re.S):
        add(m.group(1))
# a msgid may be several adjacent literals (clang-format breaks long ones); the compiler joins them, so do we
pat = re.compile(r'(?:N_\(|bp_tr\([^,()]*,\s*|bp_page_ctx\(c,\s*|bp_fail_status\(c,\s*\d+,\s*"[^"]*",\s*)((?:"(?:[^"\\]|\\.)*"\s*)+)')
lit = re.compile(r'"((?:[^"\\]|\\.)*)"')
for f in [f for d in ("http", "pages", "api") for f in sorted((root / "src" / d).glob("*.c"))] + sorted((root / "src" / "domain").glob("forms*.c")):
    text = f.read_text()
    for m in pat.finditer(text):
        add("".join(lit.findall(m.group(1))))
if "--missing" in sys.argv:
    po = (root / "po" / "en.po").read_text()
    have = set(m.group(1) for m in re.finditer(r'^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "(?:[^"\\]|\\.)+"', po, re.M))
    ids = [i for i in ids if i not in have]
for i in ids:
    print(i)
