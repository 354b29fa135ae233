#!/usr/bin/env bash
# Installs what plait needs on a fresh Debian machine, skipping what is already there:
# Deno (from the npm registry) and Python 3 with ipykernel and the demo's libraries (from apt).
# Usage: scripts/setup.sh [--browser]   (--browser adds Debian's chromium, for the plot screenshot test)
set -euo pipefail

DENO_VERSION=2.9.6
PY_PACKAGES="python3-ipykernel python3-nbformat python3-nbconvert python3-pandas python3-sklearn python3-matplotlib"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! deno --version 2>/dev/null | grep -q "^deno $DENO_VERSION"; then
  echo "setup: installing Deno $DENO_VERSION from the npm registry" >&2
  npm install -g --silent "deno@$DENO_VERSION" >/dev/null 2>&1
fi

if ! /usr/bin/python3 -c "import ipykernel, nbformat, nbconvert, pandas, sklearn, matplotlib" 2>/dev/null; then
  echo "setup: installing Python kernel packages from apt: $PY_PACKAGES" >&2
  apt_install $PY_PACKAGES
fi

if ! command -v tmux >/dev/null 2>&1; then
  echo "setup: installing tmux from apt (the live-progress test drives plait in a real terminal)" >&2
  apt_install tmux
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing chromium from apt (for the plot screenshot test)" >&2
  apt_install chromium fonts-dejavu-core
fi

# Fetch the locked npm dependencies once, so later commands start without downloads.
cd "$(dirname "$0")/.."
deno install --quiet --entrypoint cli.ts >/dev/null 2>&1 || deno cache --quiet cli.ts
