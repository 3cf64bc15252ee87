#!/usr/bin/env bash
# Installs what is missing, builds (Release) and launches Clusterscope on its
# default scenario. Extra arguments go to the app (try --help).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
exec "${CLUSTERSCOPE_BUILD_DIR:-$root/build}/app/clusterscope" "$@"
