#!/usr/bin/env bash
# Installs what maidkit needs to build, run and test, and skips whatever is already there.
#   bash scripts/setup.sh            system packages for the sandbox (bubblewrap, python3) + npm dependencies
#   bash scripts/setup.sh --all      also Chromium (dashboard tests) and the Docker engine + base image
# Safe to run again: each step checks first. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

want_all=0
for arg in "$@"; do
  case "$arg" in
    --all) want_all=1 ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done

sudo_cmd=()
if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi

apt_missing=()
need() { # need <command> <debian package>
  command -v "$1" >/dev/null 2>&1 || apt_missing+=("$2")
}
need bwrap bubblewrap
need setpriv util-linux
need prlimit util-linux
[ -x /usr/bin/python3 ] || apt_missing+=(python3)
/usr/bin/python3 -m pip --version >/dev/null 2>&1 || apt_missing+=(python3-pip)
if [ "$want_all" = 1 ]; then
  [ -x /usr/bin/chromium ] || apt_missing+=(chromium)
  command -v dockerd >/dev/null 2>&1 || apt_missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || apt_missing+=(debootstrap)
fi

if [ "${#apt_missing[@]}" -gt 0 ]; then
  echo "setup: installing ${apt_missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: the registry reachable here serves only this platform's optional packages
  # (rollup's android/darwin/win builds answer 404), so the lock cannot list them and npm 11's `ci` refuses
  # such a lock. `install` still installs exactly the locked versions and leaves the lock untouched.
  echo "setup: npm install (from package-lock.json)"
  npm install --no-audit --no-fund
fi
# better-sqlite3 compiles from source here; make sure the native module really loads.
node -e "require('better-sqlite3')(':memory:').close()" 2>/dev/null || {
  echo "setup: rebuilding better-sqlite3"
  npm rebuild better-sqlite3
}

if [ "$want_all" = 1 ] && [ -x scripts/docker-engine.sh ]; then
  bash scripts/docker-engine.sh
fi
echo "setup: ready"
