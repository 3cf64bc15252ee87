#!/usr/bin/env bash
# Peak resident memory of long headless runs, per pattern: each pattern at
# the load of its busiest bundled scenario and at ten times that, for HOURS
# of simulated time (default 1; 24 for the day the issue asks about). Each
# run is one scenario file of one-hour steps, run by `clusterscope
# --headless` with its report thrown away, under /usr/bin/time -v.
#
#   scripts/memory.sh [HOURS [PATTERN...]]
#   CLUSTERSCOPE_BINARY=build-dbg/app/clusterscope scripts/memory.sh 24
#   MEMORY_LOADS=10x scripts/memory.sh 24 pubsub   # one load only
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="${CLUSTERSCOPE_BINARY:-$root/build/app/clusterscope}"
hours="${1:-1}"
loads="${MEMORY_LOADS:-1x 10x}"
[[ "$hours" =~ ^[0-9]+$ && "$hours" -ge 1 && "$hours" -le 24 ]] || {
  echo "usage: scripts/memory.sh [HOURS from 1 to 24 [PATTERN...]]" >&2
  exit 2
}
for load in $loads; do
  [[ "$load" == 1x || "$load" == 10x ]] || {
    echo "error: MEMORY_LOADS: expected 1x, 10x or both, got \"$loads\"" >&2
    exit 2
  }
done
[[ -x "$binary" ]] || {
  echo "error: $binary is not built (scripts/setup.sh builds build/)" >&2
  exit 2
}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# name, pattern, options at the busiest bundled scenario's load, options at ten times it
runs=(
  "leader-election|leader-election|{\"nodes\": 5}|{\"nodes\": 5, \"heartbeatInterval\": 5}"
  "circuit-breaker|circuit-breaker|{\"breaker\": true}|{\"breaker\": true, \"checkoutRate\": 500, \"browseRate\": 500}"
  "ambassador|ambassador|{\"hedging\": true}|{\"hedging\": true, \"loadRate\": 1000, \"rogueRate\": 20}"
  "pubsub|pubsub|{\"publishRate\": 20}|{\"publishRate\": 200}"
  "event-sourcing|event-sourcing|{\"products\": 1, \"initialStock\": 100000, \"orderRate\": 100, \"snapshotEvery\": 100}|{\"products\": 10, \"initialStock\": 100000, \"orderRate\": 1000, \"snapshotEvery\": 100}"
  "cqrs|cqrs|{\"readRate\": 1000, \"orderRate\": 20}|{\"readRate\": 10000, \"orderRate\": 200}"
  "sharding|sharding|{\"mode\": \"hashed\", \"shards\": 4, \"preload\": 1000, \"rate\": 60}|{\"mode\": \"hashed\", \"shards\": 4, \"preload\": 1000, \"rate\": 600}"
  "strangler-fig|strangler-fig|{\"rate\": 800}|{\"rate\": 8000}"
)
# Only the patterns named on the command line after HOURS, if any.
if (($# > 1)); then
  keep=()
  for r in "${runs[@]}"; do
    for want in "${@:2}"; do [[ "${r%%|*}" == "$want" ]] && keep+=("$r"); done
  done
  runs=("${keep[@]}")
fi
printf '%-16s %-5s %6s %12s %10s\n' pattern load hours "peak RSS MB" "CPU s"
for r in "${runs[@]}"; do
  IFS='|' read -r name pattern base tenfold <<<"$r"
  for load in $loads; do
    options="$base"
    [[ "$load" == 10x ]] && options="$tenfold"
    file="$work/$name-$load.json"
    {
      printf '{"title": "%s for %s h", "description": "A long run.", "pattern": "%s", "seed": 1,\n' \
        "$name" "$hours" "$pattern"
      printf ' "options": %s, "steps": [' "$options"
      for ((h = 1; h <= hours; h++)); do
        ((h > 1)) && printf ','
        printf '\n  {"title": "hour %d", "narration": "The load runs.", "until": {"after": 3600}}' "$h"
      done
      printf ']}\n'
    } >"$file"
    /usr/bin/time -v "$binary" --headless --scenario "$file" >/dev/null 2>"$work/time" || {
      echo "error: the $name $load run failed:" >&2
      tail -5 "$work/time" >&2
      exit 1
    }
    rss=$(awk '/Maximum resident/ {print $6}' "$work/time")
    cpu=$(awk '/User time/ {u=$4} /System time/ {s=$4} END {print u + s}' "$work/time")
    printf '%-16s %-5s %6s %12.1f %10.1f\n' "$name" "$load" "$hours" "$((rss))e-3" "$cpu"
  done
done
