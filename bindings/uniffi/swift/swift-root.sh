#!/usr/bin/env bash
# A real Swift toolchain for Linux machines whose Debian release has none (bookworm):
# Debian trixie's `swiftlang` package, installed in a trixie root made by debootstrap, so
# trixie's packages never replace the host's. The root lives under the cargo target dir and
# is reused by later runs.
#
#   swift-root.sh ROOT ensure
#       make ROOT a trixie root with swiftlang in it, unless a complete one is already there
#   swift-root.sh ROOT run [--bind HOST_DIR:ROOT_DIR]... -- COMMAND [ARG]...
#       run COMMAND inside ROOT (as root, /proc mounted, Swift's runtime on the loader path),
#       with each HOST_DIR bind-mounted at ROOT_DIR; everything mounted is unmounted again
#       when the command ends, also when it fails or is interrupted
#
# Needs root (debootstrap, chroot, mount) and Debian's archive (the mirror apt already uses
# here, else deb.debian.org). If the toolchain cannot be brought up it says so in one line
# starting "swift-root: cannot" and exits non-zero: a Swift run that did not happen is not
# a pass.
set -euo pipefail

usage() {
  echo "usage: swift-root.sh ROOT ensure | swift-root.sh ROOT run [--bind HOST:INSIDE]... -- COMMAND..." >&2
  exit 2
}
[ $# -ge 2 ] || usage
root="$1" action="$2"
shift 2

suite=trixie
# Written last, once swiftlang is installed and `swift --version` ran inside the root: a
# root without it is an interrupted first run and is made again from nothing.
ready_marker="$root/.smsrules-swift-ready"
swift_runtime=/usr/libexec/swift/lib/swift/linux

fail() {
  echo "swift-root: cannot $*" >&2
  exit 1
}

# The mirror the host's apt uses (deb822 or one-line sources), so the root is fetched from
# where this machine is allowed to reach; SMSRULES_DEBIAN_MIRROR overrides it.
debian_mirror() {
  local mirror="${SMSRULES_DEBIAN_MIRROR:-}"
  if [ -n "$mirror" ]; then
    echo "$mirror"
    return
  fi
  mirror="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '{print $2}' | grep -v -- '-security' | head -n 1 || true)"
  if [ -z "$mirror" ]; then
    mirror="$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '{print $2}' | grep -v -- '-security' | head -n 1 || true)"
  fi
  echo "${mirror:-http://deb.debian.org/debian}"
}

mounted=()
unmount_all() {
  local index
  for ((index = ${#mounted[@]} - 1; index >= 0; index--)); do
    umount "${mounted[$index]}" 2>/dev/null || umount -l "${mounted[$index]}" 2>/dev/null || true
  done
  mounted=()
}
trap unmount_all EXIT
trap 'unmount_all; exit 130' INT
trap 'unmount_all; exit 143' TERM

mount_proc() {
  mkdir -p "$root/proc"
  mount -t proc proc "$root/proc" || fail "mount /proc inside $root (needs root)"
  mounted+=("$root/proc")
}

# Inside the root, for commands needing a working /proc and Swift's runtime libraries.
in_root() {
  chroot "$root" /usr/bin/env -i \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    LD_LIBRARY_PATH="$swift_runtime" "$@"
}

ensure() {
  if [ -f "$ready_marker" ]; then
    echo "swift-root: reusing $root ($(cat "$ready_marker"))"
    return 0
  fi
  [ "$(id -u)" -eq 0 ] || fail "make a $suite root without root privileges (debootstrap, chroot and mount need them)"
  if ! command -v debootstrap >/dev/null; then
    echo "swift-root: installing debootstrap with the host's apt"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; } ||
      fail "install debootstrap with apt (is Debian's archive reachable?)"
  fi
  [ -e "/usr/share/debootstrap/scripts/$suite" ] || fail "bootstrap $suite: this debootstrap does not know it"
  local mirror
  mirror="$(debian_mirror)"
  local started=$SECONDS
  # A partial root from an interrupted run: start again from nothing (nothing is mounted
  # in it, since every run unmounts on exit).
  if [ -e "$root" ]; then
    umount -l "$root/proc" 2>/dev/null || true
    rm -rf --one-file-system "$root"
  fi
  mkdir -p "$root"
  echo "swift-root: debootstrap --variant=minbase $suite from $mirror into $root"
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 ||
    { tail -n 5 "$root.debootstrap.log" >&2; fail "bootstrap Debian $suite from $mirror (see $root.debootstrap.log)"; }
  rm -f "$root.debootstrap.log"
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  mount_proc
  echo "swift-root: apt-get install swiftlang inside the $suite root"
  in_root apt-get update -qq || fail "update apt inside the $suite root from $mirror"
  # libc6-dev: the C headers and crt files Swift links with (gcc only recommends it).
  in_root apt-get install -y -qq --no-install-recommends swiftlang libc6-dev >/dev/null 2>"$root.apt.log" ||
    { tail -n 5 "$root.apt.log" >&2; fail "install swiftlang inside the $suite root from $mirror"; }
  rm -f "$root.apt.log"
  in_root apt-get clean
  local version
  version="$(in_root swift --version 2>&1)" || fail "run swift inside the $suite root: $version"
  version="$(grep -m 1 'Swift version' <<<"$version" || echo "$version" | head -n 1)"
  unmount_all
  echo "$version" >"$ready_marker"
  echo "swift-root: $version ready in $((SECONDS - started)) s, $(du -sh --one-file-system "$root" | cut -f1) on disk"
}

run() {
  local binds=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --bind) [ $# -ge 2 ] || usage; binds+=("$2"); shift 2 ;;
      --) shift; break ;;
      *) usage ;;
    esac
  done
  [ $# -ge 1 ] || usage
  [ -f "$ready_marker" ] || fail "run Swift: no toolchain in $root (run 'swift-root.sh $root ensure' first)"
  [ "$(id -u)" -eq 0 ] || fail "run Swift inside $root without root privileges (chroot and mount need them)"
  mount_proc
  local bind host inside
  for bind in "${binds[@]}"; do
    host="${bind%%:*}" inside="${bind#*:}"
    mkdir -p "$root$inside"
    mount --bind "$host" "$root$inside" || fail "bind-mount $host at $inside inside $root"
    mounted+=("$root$inside")
  done
  local status=0
  in_root "$@" || status=$?
  unmount_all
  return "$status"
}

case "$action" in
  ensure) ensure ;;
  run) run "$@" ;;
  *) usage ;;
esac
