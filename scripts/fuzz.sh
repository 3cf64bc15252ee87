#!/usr/bin/env bash
# Builds the libFuzzer targets (scripts/setup.sh --fuzz: clang, AddressSanitizer
# and UndefinedBehaviorSanitizer, in build-fuzz/) and runs each of them:
#
#   scripts/fuzz.sh [SECONDS]   each target for SECONDS (default 60), growing
#                               its corpus in build-fuzz/corpus/<target>/
#   scripts/fuzz.sh --runs N    each target for exactly N inputs from seed 1
#                               over a fresh copy of the seed corpus, as the
#                               test command does (deterministic)
#   FUZZ_PARALLEL=1 scripts/fuzz.sh SECONDS
#                               the four targets at the same time, each for
#                               SECONDS (a long run on a machine with cores
#                               to spare, or niced on a busy one); each
#                               target's output is printed when all are done
#
# The seed corpus is the bundled scenarios (assets/scenarios) and
# tests/fuzz/corpus/<target>/. An input that crashes, leaks, hangs or breaks
# the replay round trip is written to build-fuzz/findings/<target>-crash-...;
# rerun it with build-fuzz/tests/fuzz/<target> FILE. Exits non-zero if any
# target found something.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CLUSTERSCOPE_FUZZ_DIR:-$root/build-fuzz}"
seeds="$root/tests/fuzz/corpus"

mode="time"
seconds=60
if [[ "${1:-}" == "--runs" ]]; then
  mode=runs
  runs="${2:?--runs needs a number of inputs}"
elif [[ -n "${1:-}" ]]; then
  seconds="$1"
fi
[[ "${runs:-$seconds}" =~ ^[0-9]+$ ]] || { echo "error: expected a whole number, got \"${runs:-$seconds}\"" >&2; exit 2; }

"$root/scripts/setup.sh" --fuzz

# What each target reads, besides its own seed corpus.
extra_seeds() {
  case "$1" in
    scenario_fuzz) echo "$root/assets/scenarios" ;;
    *) ;;
  esac
}
dictionary() {
  case "$1" in
    scenario_fuzz | replay_fuzz) echo "$root/tests/fuzz/json.dict" ;;
    command_line_fuzz) echo "$root/tests/fuzz/command_line.dict" ;;
    compare_fuzz) echo "$root/tests/fuzz/compare.dict" ;;
  esac
}

mkdir -p "$build/findings" "$build/logs"
# Runs one target: its output to stdout, what it finds to $build/findings.
fuzz_one() {
  local target="$1" corpus limits
  if [[ $mode == runs ]]; then
    corpus="$build/corpus-ci/$target"
    rm -rf "$corpus"
    limits=(-runs="$runs" -seed=1)
  else
    corpus="$build/corpus/$target"
    limits=(-max_total_time="$seconds")
  fi
  mkdir -p "$corpus"
  echo "== $target (${limits[*]})"
  # -rss_limit_mb: the engine's own memory is bounded; a parse that needs
  # more than 2 GB is a finding (the address sanitizer adds its shadow).
  # -timeout: an input that takes 25 s is a hang.
  # shellcheck disable=SC2046
  (cd "$build/findings" && "$build/tests/fuzz/$target" "${limits[@]}" -timeout=25 \
    -rss_limit_mb=2048 -max_len=65536 -dict="$(dictionary "$target")" \
    -artifact_prefix="$build/findings/$target-" -print_final_stats=1 \
    "$corpus" "$seeds/$target" $(extra_seeds "$target") 2>&1 |
    grep -v -E '^#[0-9]+\s+(NEW|REDUCE|pulse)|NEW_FUNC')
}

targets=(scenario_fuzz replay_fuzz command_line_fuzz compare_fuzz)
failed=()
if [[ "${FUZZ_PARALLEL:-0}" == 1 && $mode == time ]]; then
  pids=()
  for target in "${targets[@]}"; do
    fuzz_one "$target" >"$build/logs/$target.log" &
    pids+=($!)
  done
  for i in "${!targets[@]}"; do
    wait "${pids[i]}" || failed+=("${targets[i]}")
    cat "$build/logs/${targets[i]}.log"
  done
else
  for target in "${targets[@]}"; do
    fuzz_one "$target" || failed+=("$target")
  done
fi

if ((${#failed[@]})); then
  echo "error: fuzz findings in: ${failed[*]} (inputs in $build/findings/)" >&2
  exit 1
fi
