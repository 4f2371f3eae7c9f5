#!/bin/sh
# sbom.sh [BARNPLAN_BIN]: the inventory of third-party components in a build of Barnplan (OWASP ASVS V15.1.2;
# docs/components.md): every shared library the program loads, with the Debian package and version it comes
# from, as "package<TAB>version<TAB>library" lines, sorted. The tests' npm packages are not shipped; their
# versions are in tests/package-lock.json.
set -eu
bin=${1:-build/release/src/cli/barnplan}
[ -x "$bin" ] || { echo "sbom: $bin is not a built barnplan (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
ldd "$bin" | awk '/=> \// { print $3 }' | while read -r lib; do
    real=$(readlink -f "$lib")
    pkg=$(dpkg -S "$real" 2>/dev/null | head -1 | cut -d: -f1) || pkg=""
    if [ -z "$pkg" ]; then
        pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1) || pkg=""
    fi
    if [ -n "$pkg" ]; then
        ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || echo "?")
        printf '%s\t%s\t%s\n' "$pkg" "$ver" "$(basename "$real")"
    else
        printf '%s\t%s\t%s\n' "(not from a Debian package)" "?" "$(basename "$real")"
    fi
done | sort -u
