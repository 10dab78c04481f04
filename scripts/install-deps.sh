#!/usr/bin/env bash
# scripts/install-deps.sh — install every Debian 12 package Kjerne needs to build, test and
# serve. Idempotent: asks dpkg which packages are missing and runs apt-get only for those;
# when nothing is missing it says so and exits 0 without touching apt. Never prompts: apt-get
# runs non-interactively, and sudo (used only when not root) is called with -n.
# Set KJERNE_SKIP_DEPS=1 to skip this step (e.g. on a machine managed some other way).
set -euo pipefail

PACKAGES=(
    build-essential cmake ninja-build ccache pkg-config git python3  # toolchain
    libsimdjson-dev    # canonical JSON reading
    libxerces-c-dev    # canonical XML reading, XSD validation
    libsqlite3-dev     # embedded store
    libpoco-dev        # HTTP server, JSON, JWT, TLS
    libssl-dev         # OpenSSL: SHA-256 (engine/common), and Poco Crypto/NetSSL
    libfmt-dev         # formatting
    libre2-dev         # linear-time regular expressions
    libzstd-dev        # payload compression
    libcli11-dev       # command-line parsing
    catch2             # unit tests (Catch2 v2)
    libxml2-utils      # xmllint, for checking XML fixtures against the XSDs
    python3-jsonschema # checking JSON fixtures against the openEHR JSON schemas
    clang-14 libclang-rt-14-dev  # libFuzzer targets (scripts/fuzz.sh)
)

if [[ "${KJERNE_SKIP_DEPS:-0}" == "1" ]]; then
    echo "install-deps: KJERNE_SKIP_DEPS=1, not checking packages"
    exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-deps: dpkg-query not found; this script supports Debian 12 only." >&2
    echo "install-deps: install the equivalents of: ${PACKAGES[*]}" >&2
    echo "install-deps: then rerun with KJERNE_SKIP_DEPS=1" >&2
    exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != "installed" ]]; then
        missing+=("$pkg")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all ${#PACKAGES[@]} packages already installed"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [[ "$(id -u)" -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo -n)
else
    echo "install-deps: not root and sudo is not available; install as root: ${missing[*]}" >&2
    exit 1
fi

"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "install-deps: done"
