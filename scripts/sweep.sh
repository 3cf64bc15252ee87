#!/usr/bin/env bash
# Runs every pattern's seed sweep over many more seeds than CI does: 10,000
# per pattern by default, from a first seed of your choosing (default: a
# random one, printed), in the Release tree build/ (scripts/setup.sh builds
# it). Each sweep prints its range and, for a failing seed, the one line that
# reruns it; the exit code is non-zero if any sweep failed.
#
#   scripts/sweep.sh [SEEDS [FIRST]]      e.g. scripts/sweep.sh 20000 1
#   CLUSTERSCOPE_BUILD_DIR=build-dbg scripts/sweep.sh 200
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CLUSTERSCOPE_BUILD_DIR:-$root/build}"
seeds="${1:-10000}"
first="${2:-$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')}"
[[ "$seeds" =~ ^[0-9]+$ && "$first" =~ ^[0-9]+$ ]] || {
  echo "usage: scripts/sweep.sh [SEEDS [FIRST]] (whole numbers)" >&2
  exit 2
}

# prefix, test binary (relative to the build tree), gtest filter
sweeps=(
  "RAFT tests/patterns/pattern_tests RaftSweep.*"
  "CB tests/patterns/circuit_breaker/circuit_breaker_tests ShopSweep.*"
  "AMB tests/patterns/ambassador/ambassador_tests AmbassadorSweep.*"
  "PUBSUB tests/patterns/pubsub/pubsub_tests PubSubSweep.*"
)
failed=()
for s in "${sweeps[@]}"; do
  read -r prefix binary filter <<<"$s"
  if [[ ! -x "$build/$binary" ]]; then
    echo "error: $build/$binary is not built (scripts/setup.sh builds build/)" >&2
    exit 2
  fi
  echo "== $prefix: $seeds seeds from $first"
  env "${prefix}_SWEEP_FIRST=$first" "${prefix}_SWEEP_SEEDS=$seeds" \
    "$build/$binary" --gtest_filter="$filter" --gtest_brief=1 || failed+=("$prefix")
done
if ((${#failed[@]})); then
  echo "error: failing sweeps: ${failed[*]}" >&2
  exit 1
fi
echo "all sweeps passed: $seeds seeds each from $first"
