#!/usr/bin/env bash
# Installs what is missing, builds the headless benchmarks with
# profile-guided optimization in build-pgo/ and runs them at full size.
#
# Three steps: a build that counts which branches and calls each function
# takes, a training run of each benchmark on a smaller workload with other
# parameters than the measured one, and a build that lays the code out and
# inlines by those counts. build/ (scripts/setup.sh) is left as it is; its
# benchmarks run directly (README, Benchmarks).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pgo="${CLUSTERSCOPE_PGO_DIR:-$root/build-pgo}"
jobs="${CLUSTERSCOPE_JOBS:-2}"
"$root/scripts/setup.sh" --packages

targets=(ambassador_bench pubsub_bench clusterscope-bench)
ambassador="$pgo/tests/patterns/ambassador/ambassador_bench"
pubsub="$pgo/tests/patterns/pubsub/pubsub_bench"
kernel="$pgo/bench/clusterscope-bench"

build() {
  cmake -S "$root" -B "$pgo" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$1" >/dev/null
  cmake --build "$pgo" -j "$jobs" --target "${targets[@]}"
}

# The profile's file names follow the object files' paths, so both builds
# use the same directory.
profile="$pgo/profile"
rm -rf "$profile"
echo "== 1/3: instrumented build"
build "-fprofile-generate -fprofile-update=single -fprofile-dir=$profile"
echo "== 2/3: training run"
"$ambassador" 100000 3000 >/dev/null
"$pubsub" 100000 5 >/dev/null
"$kernel" pingpong 100 200 >/dev/null
"$kernel" heartbeat 200 20 >/dev/null
echo "== 3/3: build from the profile"
build "-fprofile-use -fprofile-partial-training -fprofile-dir=$profile -Wno-missing-profile"

echo
"$ambassador"
"$pubsub"
"$kernel" pingpong 1000 1000
"$kernel" heartbeat 1000 100
