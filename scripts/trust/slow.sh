#!/bin/bash
# slow.sh [--long]: issue 11 item 6 (docs/trust.md section 6). A thousand slow and idle connections against
# one server while a normal client reads; prints the normal client's success rate and p99, the worker's
# memory and the connections each named timeout cut (tests/trust/slow.py). The suite's run uses timeouts of
# 2 s for 20 s; --long uses the configuration's defaults (10/60/60/60 s) for 300 s. Uses build/dev.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$PWD
. "$ROOT/scripts/trust/common.sh"
cd tests && exec python3 trust/slow.py "$@"
