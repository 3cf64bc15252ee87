#!/usr/bin/env bash
# Installs what is missing, builds and runs the whole test suite (engine,
# patterns with their seed sweeps, scenarios, command line, and the window
# offscreen) twice: in the Release tree, build/, and in a Debug tree with
# AddressSanitizer and UndefinedBehaviorSanitizer, build-asan/, where the
# asserts behind the REQUIRES contracts run. Then each libFuzzer target
# (tests/fuzz, built with clang in build-fuzz/) reads a fixed number of inputs
# from seed 1 (scripts/fuzz.sh --runs). Every part runs even when an earlier
# one fails; the exit code is non-zero if any failed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="${CLUSTERSCOPE_JOBS:-2}"
export QT_QPA_PLATFORM=offscreen

# The sanitized tree's sanitizer options, LeakSanitizer suppressions and
# smaller seed sweeps come from its own ctest files
# (tests/sanitizer/sanitizer_env.cmake), so ctest run there by hand agrees.
suite() {
  echo "== $1"
  (cd "$2" && ctest --output-on-failure -j "$jobs" --timeout 600)
}

failed=()
"$root/scripts/setup.sh"
suite "Release suite (build/)" "${CLUSTERSCOPE_BUILD_DIR:-$root/build}" || failed+=(Release)
"$root/scripts/setup.sh" --sanitize
suite "sanitizer suite (build-asan/)" "${CLUSTERSCOPE_SANITIZE_DIR:-$root/build-asan}" ||
  failed+=(sanitizer)
echo "== fuzz targets, a short deterministic run (build-fuzz/)"
"$root/scripts/fuzz.sh" --runs "${CLUSTERSCOPE_FUZZ_RUNS:-300}" || failed+=(fuzz)

if ((${#failed[@]})); then
  echo "error: failing suites: ${failed[*]}" >&2
  exit 1
fi
