#!/usr/bin/env bash
# Installs Debian's chromium (used by tests/Browser.Tests through Playwright's ExecutablePath) when it is missing.
# Playwright's own browser download is not used: only Debian packages are reachable from dev machines and CI.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  echo "chromium present: $CHROMIUM"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "chromium is missing and this user is not root and has no sudo: install the 'chromium' package" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# Another apt process (unattended upgrades, a second checkout's tests) may hold apt's locks: wait for it, do not fail.
# DPkg::Lock::Timeout waits on the dpkg lock; the lists lock of `update` is waited for by retrying.
APT=($SUDO apt-get -o DPkg::Lock::Timeout=600)
apt_retrying() {
  local attempt
  for attempt in $(seq 1 60); do
    if "${APT[@]}" "$@"; then return 0; fi
    echo "apt-get $1 failed (attempt $attempt), probably a lock held by another apt process; retrying in 10 s" >&2
    sleep 10
  done
  return 1
}
apt_retrying update -qq
apt_retrying install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
echo "chromium installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
