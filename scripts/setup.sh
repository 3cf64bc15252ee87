#!/usr/bin/env bash
# Installs the Debian 12 packages Clusterscope needs (only those missing) and
# builds it. Called by run.sh and test.sh; usable alone: scripts/setup.sh.
# With --packages it only installs (bench.sh builds elsewhere); with
# --sanitize it builds the Debug tree with AddressSanitizer and
# UndefinedBehaviorSanitizer in build-asan/ instead of the Release one; with
# --fuzz, the libFuzzer targets with clang in build-fuzz/ (scripts/fuzz.sh);
# with --package, only what the .deb holds (the app and its man page) in the
# Release tree, for cpack, without the test suite.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CLUSTERSCOPE_BUILD_DIR:-$root/build}"
config=(-DCMAKE_BUILD_TYPE=Release)
targets=(all)
if [[ "${1:-}" == "--sanitize" ]]; then
  build="${CLUSTERSCOPE_SANITIZE_DIR:-$root/build-asan}"
  config=(-DCMAKE_BUILD_TYPE=Debug -DCLUSTERSCOPE_SANITIZE=ON)
elif [[ "${1:-}" == "--fuzz" ]]; then
  # The engine and the command line only: no window, no test suite.
  build="${CLUSTERSCOPE_FUZZ_DIR:-$root/build-fuzz}"
  config=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DCLUSTERSCOPE_FUZZ=ON
          -DCLUSTERSCOPE_UI=OFF -DCLUSTERSCOPE_TESTS=OFF)
  targets=(fuzz_targets)
elif [[ "${1:-}" == "--package" ]]; then
  targets=(clusterscope clusterscope_man_page)
fi

packages=(
  g++ cmake ninja-build pkg-config
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev
  libboost-dev nlohmann-json3-dev libgtest-dev libgmock-dev
  xvfb xauth fonts-dejavu-core ccache
  clang desktop-file-utils appstream
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "Installing missing packages: ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    sudo=()
  elif command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    echo "error: these packages are missing and neither root nor sudo is available: ${missing[*]}" >&2
    exit 1
  fi
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[[ "${1:-}" == "--packages" ]] && exit 0

# Two trees and every fresh clone compile the same files again; ccache makes
# that a lookup. Paths are hashed relative to the clone, so a clone elsewhere
# reuses what another one compiled.
if command -v ccache >/dev/null; then
  config+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"
  # The sanitized tree keeps line tables (-g1), and with debug information
  # ccache also hashes the working directory unless told not to: every clone
  # would then miss on every file of that tree.
  export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
fi

cmake -S "$root" -B "$build" -G Ninja "${config[@]}"
cmake --build "$build" -j "${CLUSTERSCOPE_JOBS:-2}" --target "${targets[@]}"
