#!/bin/sh
# Fails when a C file differs from .clang-format's style. Run by scripts/test.sh (and so by CI).
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files '*.c' '*.h')
[ -n "$files" ] || exit 0
# shellcheck disable=SC2086
if ! clang-format --dry-run --Werror $files; then
    echo "check-format: run clang-format -i on the files above" >&2
    exit 1
fi
echo "check-format: ok"
