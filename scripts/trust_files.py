"""trust_files.py: the files of docs/trust.md section 10 (issue 11 item 10), for scripts/coverage.py and
scripts/mutate.py. The list is the lines `- `path`` between the markers <!-- coverage-files: begin --> and
<!-- coverage-files: end -->; nothing else in the document counts."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def listed_files():
    with open(os.path.join(ROOT, "docs", "trust.md"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"<!-- coverage-files: begin -->(.*?)<!-- coverage-files: end -->", text, re.S)
    if not m:
        sys.exit("docs/trust.md: no <!-- coverage-files: begin/end --> list in section 10")
    files = re.findall(r"^- `([^`]+)`", m.group(1), re.M)
    for f in files:
        if not os.path.isfile(os.path.join(ROOT, f)):
            sys.exit(f"docs/trust.md lists {f}, which does not exist")
    if not files:
        sys.exit("docs/trust.md: the coverage list is empty")
    return files
