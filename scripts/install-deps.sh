#!/bin/sh
# Installs every Debian package Barnplan needs to build, run and test.
# Idempotent and non-interactive; run as root on Debian 12 (bookworm).
# Must not: download anything outside Debian's and npm's registries.
set -eu

PACKAGES="
build-essential cmake ninja-build pkg-config git clang-format clang-tidy cppcheck python3
libh2o-evloop-dev libuv1-dev libssl-dev zlib1g-dev
libsqlite3-dev sqlite3
libpq-dev postgresql-15 postgresql-client-15
libjansson-dev libsodium-dev libicu-dev gettext
libcmocka-dev gcovr
libcurl4-openssl-dev curl libical-dev tzdata
libcjose-dev
libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils
libqrencode-dev
libzxcvbn-dev
chromium
nginx-light wrk valgrind
bsdutils util-linux iproute2 procps
"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

# Node.js with npm runs the browser tests. Some images ship a Node.js that
# bundles npm (and conflicts with Debian's npm package): use it when present.
if ! command -v npm >/dev/null 2>&1; then missing="$missing nodejs npm"; fi

if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-deps: need root to install:$missing" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# Debian's nginx package starts a server on port 80 when installed; the
# benchmark starts its own, so keep the system one out of the way.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
exit 0
