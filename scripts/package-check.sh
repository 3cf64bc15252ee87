#!/usr/bin/env bash
# Checks the Debian package end to end, as a user would get it: clones this
# repository's committed HEAD, builds the .deb there the way the README says
# (scripts/setup.sh --package, then cpack in build/), installs it with apt
# into a fresh Debian 12 made by debootstrap (its dependencies come from
# Debian's archive), and inside it runs `clusterscope --list-scenarios` from the PATH,
# a headless run of the default scenario, an offscreen screenshot and the
# man page; validates the installed desktop entry and metainfo; then removes
# the package and checks that none of its files are left. Not part of the
# test suite: it needs root (chroot, mount), the network and a few minutes.
#
#   scripts/package-check.sh [WORKDIR]    default: /tmp/clusterscope-package-check
#
# The chroot is kept in WORKDIR/chroot for the next run (removing the package
# returns it to a fresh system); delete it to start from nothing again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/clusterscope-package-check}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

[[ $(id -u) -eq 0 ]] || { echo "error: run as root (debootstrap, chroot and mount need it)" >&2; exit 2; }
for tool in git debootstrap desktop-file-validate appstreamcli; do
  command -v "$tool" >/dev/null || {
    echo "error: $tool is not installed (apt-get install git debootstrap desktop-file-utils appstream)" >&2
    exit 2
  }
done
mkdir -p "$work"
work="$(cd "$work" && pwd)"
chroot="$work/chroot"
step() { printf '\n== %s\n' "$*"; }

step "clone $root (HEAD $(git -C "$root" rev-parse --short HEAD)) into $work/clone"
rm -rf "$work/clone"
git clone --quiet "$root" "$work/clone"

step "build the package: scripts/setup.sh --package && (cd build && cpack)"
# setup.sh's ccache hashes paths relative to the clone: what another tree
# compiled is a lookup.
"$work/clone/scripts/setup.sh" --package >"$work/build.log" 2>&1 || {
  tail -20 "$work/build.log" >&2
  echo "error: the build failed (all of it in $work/build.log)" >&2
  exit 1
}
(cd "$work/clone/build" && cpack >"$work/cpack.log" 2>&1) || {
  cat "$work/cpack.log" >&2
  exit 1
}
deb=("$work"/clone/build/clusterscope_*.deb)
[[ -f "${deb[0]}" ]] || { echo "error: cpack made no .deb in $work/clone/build" >&2; exit 1; }
ls -l "${deb[0]}"
dpkg-deb --field "${deb[0]}" Package Version Architecture Depends Installed-Size

if [[ ! -x "$chroot/usr/bin/apt-get" ]]; then
  step "debootstrap bookworm into $chroot"
  rm -rf "$chroot"
  debootstrap bookworm "$chroot" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2
    exit 1
  }
fi
cp /etc/resolv.conf "$chroot/etc/resolv.conf"
mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}" || true; done
}
trap cleanup EXIT
for fs in proc sys dev dev/pts; do
  mountpoint -q "$chroot/$fs" || { mount --bind "/$fs" "$chroot/$fs" && mounted+=("$chroot/$fs"); }
done
in_chroot() { chroot "$chroot" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

step "apt-get install ./$(basename "${deb[0]}") in the chroot"
cp "${deb[0]}" "$chroot/tmp/"
in_chroot apt-get update -q >/dev/null
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  "/tmp/$(basename "${deb[0]}")" | tail -3

step "which clusterscope; clusterscope --list-scenarios (names; descriptions left out)"
in_chroot sh -c 'command -v clusterscope && clusterscope --list-scenarios' | grep -v '^ '

step "clusterscope --headless (the default scenario, leader-fails)"
in_chroot clusterscope --headless | tail -8

step "an offscreen screenshot at 10 s (saved as $work/installed.png)"
in_chroot env QT_QPA_PLATFORM=offscreen clusterscope --screenshot /tmp/installed.png --at 10
cp "$chroot/tmp/installed.png" "$work/installed.png"
ls -l "$work/installed.png"

step "man clusterscope (man-db installed in the chroot for it; the package needs no man)"
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  man-db | tail -1
in_chroot env MANWIDTH=80 man -P cat clusterscope | head -20

step "the installed desktop entry and metainfo validate"
desktop-file-validate "$chroot/usr/share/applications/org.clusterscope.clusterscope.desktop"
echo "desktop-file-validate: ok"
appstreamcli validate --no-net "$chroot/usr/share/metainfo/org.clusterscope.clusterscope.metainfo.xml"

step "apt-get remove --purge clusterscope leaves none of its files"
mapfile -t files < <(in_chroot dpkg -L clusterscope | grep -v -E '^/\.$')
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -q clusterscope | tail -1
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -q | tail -1
left=()
for f in "${files[@]}"; do
  [[ -f "$chroot$f" || -L "$chroot$f" ]] && left+=("$f")
done
if ((${#left[@]})); then
  echo "error: files left after removing the package: ${left[*]}" >&2
  exit 1
fi
echo "removed: none of its ${#files[@]} paths' files are left"
step "the package installs, runs and uninstalls on a fresh Debian 12"
