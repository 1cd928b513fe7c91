#!/usr/bin/env bash
# Installs those of the named Debian packages that are missing; does nothing unless run as
# root where apt-get exists. Progress goes to stderr, so callers may capture stdout.
#   bash scripts/apt_install.sh nsis binutils
# A machine stopped in the middle of an install leaves dpkg "interrupted", and every later
# apt-get refuses to run until `dpkg --configure -a`; another apt run may hold the lock.
# Both are dealt with here rather than failing the setup.
set -euo pipefail
[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || exit 0
# Two setups at once (.venv and .venv-py312) take turns; the second finds the work done.
exec 9>/var/lock/commandcenter-apt.lock
flock 9

missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
echo "installing system packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
wait_lock=(-o DPkg::Lock::Timeout=600)

# dpkg keeps the half-done work of an interrupted run in its updates folder.
if [ -n "$(ls -A /var/lib/dpkg/updates 2>/dev/null)" ] || [ -n "$(dpkg --audit 2>/dev/null)" ]; then
    echo "finishing an interrupted dpkg run first (dpkg --configure -a)" >&2
    for _ in $(seq 120); do
        dpkg --force-confold --configure -a >&2 && break
        sleep 5    # the lock is held by another dpkg
    done
    apt-get "${wait_lock[@]}" -f install -y -qq >&2
fi
for _ in $(seq 60); do   # the lists' lock is not covered by the lock timeout
    apt-get "${wait_lock[@]}" update -qq >&2 && break
    sleep 10
done
# shellcheck disable=SC2086  # one word per package
apt-get "${wait_lock[@]}" install -y -qq $missing >/dev/null
