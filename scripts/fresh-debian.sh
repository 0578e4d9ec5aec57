#!/usr/bin/env bash
# Runs one of the README's commands on a fresh Debian 12, without a fresh machine:
# a minimal Debian 12 made by debootstrap in a folder, a clone of this repository's
# HEAD in it, and the command run there under chroot. It shows what a machine with
# nothing preinstalled lacks (a package setup.sh does not install).
#
#   sudo bash scripts/fresh-debian.sh                      # bash scripts/test.sh
#   sudo bash scripts/fresh-debian.sh bash scripts/demo.sh
#
# Needs root and Debian's debootstrap. The root file system is kept in
# $CPRULES_FRESH_ROOT (default /tmp/cprules-fresh-debian) and reused by later runs,
# so remove it for a machine that is fresh again. The host's apt sources and
# certificate authorities are carried in, so that a mirror or proxy the host uses
# works inside too. The output is the command's; the exit status is its.
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "fresh-debian: needs root (debootstrap, mount, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "fresh-debian: needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="${CPRULES_FRESH_ROOT:-/tmp/cprules-fresh-debian}"
[ $# -gt 0 ] || set -- bash scripts/test.sh

if [ ! -x "$root/bin/bash" ]; then
  echo "fresh-debian: debootstrap bookworm into $root" >&2
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$root.debootstrap.log" 2>&1 ||
    { echo "fresh-debian: debootstrap failed; see $root.debootstrap.log" >&2; exit 2; }
fi
if compgen -G "/etc/apt/sources.list.d/*" >/dev/null; then
  cp /etc/apt/sources.list.d/* "$root/etc/apt/sources.list.d/"
  rm -f "$root/etc/apt/sources.list"
elif [ -f /etc/apt/sources.list ]; then
  cp /etc/apt/sources.list "$root/etc/apt/sources.list"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp /etc/ssl/certs/ca-certificates.crt "$root/host-ca.crt"

mounted=()
unmount() { for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -R "${mounted[i]}" 2>/dev/null || true; done; }
trap unmount EXIT
for m in proc dev sys; do
  if ! mountpoint -q "$root/$m"; then
    if [ $m = proc ]; then mount -t proc proc "$root/proc"; else mount --rbind "/$m" "$root/$m"; fi
    mounted+=("$root/$m")
  fi
done

rm -rf "$root/root/cprules"
git clone -q "$repo" "$root/root/cprules"
status=0
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 NODE_EXTRA_CA_CERTS=/host-ca.crt /bin/bash -c 'cd /root/cprules && "$@"' fresh-debian "$@" || status=$?
echo "fresh-debian: '$*' exited $status" >&2
exit $status
