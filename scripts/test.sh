#!/usr/bin/env bash
# Installs what is missing, builds and runs the whole test suite (engine,
# patterns with their seed sweeps, scenarios, command line, and the window
# offscreen).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
export QT_QPA_PLATFORM=offscreen
cd "${CLUSTERSCOPE_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "${CLUSTERSCOPE_JOBS:-2}" --timeout 600
