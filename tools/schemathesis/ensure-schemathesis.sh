#!/usr/bin/env bash
# Installs the pinned Schemathesis into .local/schemathesis/venv (a Python virtual environment, from PyPI)
# and prints the path of its `schemathesis` executable. Idempotent: does nothing when that version is there.
# Needs python3 (3.10+) with venv and pip; SCHEMATHESIS_VERSION overrides the pin (for trying an upgrade).
set -euo pipefail

VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
SCRIPT_DIR="${BASH_SOURCE[0]%/*}"
[[ "$SCRIPT_DIR" == "${BASH_SOURCE[0]}" ]] && SCRIPT_DIR=.
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
VENV="$ROOT/.local/schemathesis/venv"
BIN="$VENV/bin/schemathesis"
STAMP="$VENV/.schemathesis-$VERSION"

if [[ -x "$BIN" && -f "$STAMP" ]]; then
  echo "$BIN"
  exit 0
fi

if ! command -v python3 >/dev/null 2>&1; then
  echo "ensure-schemathesis: python3 is not installed; install Python 3.10+ with venv and pip" >&2
  exit 2
fi
if ! python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1; then
  echo "ensure-schemathesis: python3 must be 3.10+ with the venv and ensurepip modules (Debian: apt-get install python3-venv)" >&2
  exit 2
fi

rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
python3 -m venv "$VENV" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
touch "$STAMP"
echo "$BIN"
