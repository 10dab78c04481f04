# tests/support/cli_prelude.sh — sourced by the CLI test scripts as
#   source "$(dirname "$0")/../support/cli_prelude.sh" "$@"
# with the script's arguments KJERNE CORPUS: sets K (the kjerne binary), CORPUS (KJERNE_CORPUS_DIR
# wins; a missing corpus fails the test with the reason, never skips it), dir (a scratch folder
# removed on exit) and fail (print FAIL: and exit 1).
set -u
K="$1"
CORPUS="${KJERNE_CORPUS_DIR:-${2:-}}"
[ -d "$CORPUS" ] || { echo "FAIL: corpus not found at $CORPUS: set KJERNE_CORPUS_DIR"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
