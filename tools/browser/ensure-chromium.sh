#!/usr/bin/env bash
# Makes sure a headless-capable Chromium is installed (Debian's `chromium` package) and prints its path.
# Idempotent: installs only when missing. Browser tests (e.g. the query API's dashboard test) drive it with
# playwright-core, which never downloads browsers of its own.
#   CHROMIUM_PATH=$(bash tools/browser/ensure-chromium.sh)
set -euo pipefail

find_chromium() {
  local candidate
  for candidate in "${CHROMIUM_PATH:-}" chromium chromium-browser; do
    [[ -n "$candidate" ]] || continue
    if command -v "$candidate" >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if path=$(find_chromium); then
  echo "$path"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing and apt-get is not available: install Chromium and set CHROMIUM_PATH" >&2
  exit 1
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "Chromium is missing; installing it needs root (run as root, or install the chromium package)" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "Installing Chromium (Debian package chromium)..." >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >&2
"${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2

if ! path=$(find_chromium); then
  echo "apt-get installed chromium, but no chromium executable is on PATH" >&2
  exit 1
fi
echo "$path"
