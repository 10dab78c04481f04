#!/usr/bin/env bash
# scripts/serve.sh — from a fresh Debian 12 checkout to a running server: install the
# dependencies, build Release into build/, then run `build/kjerne serve` with any arguments
# given here (defaults: database kjerne.db in the current directory, http://127.0.0.1:8080;
# see `build/kjerne serve --help`). Stop the server with Ctrl-C.
# `kjerne serve` itself refuses to start without an authentication mode; this development script
# chooses the open mode (auth none) unless KJERNE_AUTH or an --auth flag says otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
cmake --preset release
cmake --build build -j2
export KJERNE_AUTH="${KJERNE_AUTH:-none}"
exec build/kjerne serve "$@"
