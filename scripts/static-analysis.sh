#!/bin/sh
# Static analysis of src/: clang-tidy (the checks in .clang-tidy: clang-analyzer-*, bugprone-*, cert-*,
# each one left out saying why) and cppcheck (warning, portability, performance). Fails on any finding.
# Run by scripts/test.sh (and so by CI) after the dev build, whose compile_commands.json it reads.
#
# A false positive is suppressed where it is, narrowly and with the reason:
#   clang-tidy: // NOLINT(check-name): why   or   // NOLINTNEXTLINE(check-name): why
#   cppcheck:   // cppcheck-suppress id ; why
# Never by switching a check off for everything, and a real finding is fixed, not suppressed.
#
# Time on 2 cores (two files at a time): clang-tidy 3 minutes on an idle machine, 5 1/2 on a busy one
# (the clang-analyzer checks are most of it); cppcheck 10 to 20 s. BP_ANALYSIS_JOBS overrides the 2.
# Tests (tests/) are not analysed.
# Must not: change any file, or analyse system headers (h2o, jansson, ...: see HeaderFilterRegex).
set -eu
cd "$(dirname "$0")/.."
root=$PWD
db=build/dev/compile_commands.json
jobs=${BP_ANALYSIS_JOBS:-2}

if [ ! -f "$db" ]; then
    echo "static-analysis: $db is missing: run cmake --preset dev && cmake --build --preset dev first" >&2
    exit 1
fi
for tool in clang-tidy run-clang-tidy cppcheck; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "static-analysis: $tool is not installed (scripts/install-deps.sh installs it)" >&2
        exit 1
    }
done

status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# clang-tidy over every .c file under src/ (the generated migrations_embedded.c lives in build/, not src/).
# -quiet drops the "N warnings generated" chatter; the findings themselves are always printed.
# run-clang-tidy fails when a file has a finding (WarningsAsErrors: *); the log is read as well, so that
# a finding can never pass unnoticed.
if ! run-clang-tidy -p build/dev -j "$jobs" -quiet "^$root/src/.*\.c\$" >"$log" 2>&1 ||
    grep -Eq '(warning|error): ' "$log"; then
    grep -Ev '^(clang-tidy|[0-9]+ warnings? (and [0-9]+ errors? )?generated|Suppressed [0-9]+ warnings|Use -header-filter)' "$log" >&2 || true
    echo "static-analysis: clang-tidy found the above" >&2
    status=1
else
    echo "static-analysis: clang-tidy: no findings in $(find src -name '*.c' | wc -l) files"
fi

# cppcheck: the paths in the project are made relative to this folder, hence 'src/*'.
if ! cppcheck --project="$db" --file-filter='src/*' -j "$jobs" --quiet \
    --enable=warning,portability,performance --inline-suppr --error-exitcode=1 \
    --template='{file}:{line}:{column}: {severity}: {message} [{id}]'; then
    echo "static-analysis: cppcheck found the above" >&2
    status=1
else
    echo "static-analysis: cppcheck: no findings"
fi
exit $status
