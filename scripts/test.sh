#!/usr/bin/env bash
# scripts/test.sh — install the dependencies, then run every test:
#   1. the malformed-input suites (CTest label `asan`) under AddressSanitizer + UBSan, built
#      in build-asan/ (RelWithDebInfo);
#   2. the libFuzzer targets (tests/fuzz) for a bounded time each (scripts/fuzz.sh);
#   3. the whole suite against the Release build in build/.
# The Release run comes last, so the final lines printed are CTest's summary. Any failure
# (install, build, test) stops the script with a non-zero exit. Never prompts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Sanitizer findings must fail the run, with a stack to read.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

scripts/install-deps.sh

echo "== sanitizer build (build-asan/) and malformed-input tests (label asan)"
cmake --preset asan
# Only the executables of the asan-labelled suites (tests/CMakeLists.txt: asan_tests).
cmake --build build-asan -j2 --target asan_tests
ctest --test-dir build-asan -L asan --output-on-failure

echo "== fuzzing (build-fuzz/): libFuzzer targets on corpus seeds, ${KJERNE_FUZZ_SECONDS:-30} s each"
scripts/fuzz.sh

echo "== release build (build/) and all tests"
cmake --preset release
cmake --build build -j2
ctest --test-dir build --output-on-failure -j2
