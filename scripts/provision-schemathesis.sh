#!/usr/bin/env bash
# Provisions Schemathesis (the property-based API tester the contract suite runs against the OpenAPI
# document): $SCHEMATHESIS_PATH, or a Python virtual environment with a pinned version from PyPI,
# cached in .tools/schemathesis. Idempotent; prints the path of the executable on its last line.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.tools/schemathesis"
VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
STAMP="$ROOT/.tools/schemathesis.version"
log() { printf '[provision-schemathesis] %s\n' "$*" >&2; }

if [ -n "${SCHEMATHESIS_PATH:-}" ]; then
  [ -x "$SCHEMATHESIS_PATH" ] || { log "SCHEMATHESIS_PATH=$SCHEMATHESIS_PATH is not executable"; exit 1; }
  echo "$SCHEMATHESIS_PATH"; exit 0
fi
# A virtual environment records its own path: one that was moved or copied no longer runs and is rebuilt.
if [ -x "$VENV/bin/schemathesis" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$VERSION" ] &&
  "$VENV/bin/schemathesis" --version >/dev/null 2>&1; then
  echo "$VENV/bin/schemathesis"; exit 0
fi
PYTHON="${PYTHON:-$(command -v python3 || true)}"
[ -n "$PYTHON" ] || { log "no python3 (3.10 or newer) on PATH: install it or set SCHEMATHESIS_PATH"; exit 1; }
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' ||
  { log "$("$PYTHON" --version) is too old: Schemathesis $VERSION needs Python 3.10 or newer"; exit 1; }
started=$(date +%s)
log "installing schemathesis==$VERSION into $VENV with $("$PYTHON" --version)"
rm -rf "$VENV"
mkdir -p "$ROOT/.tools"
"$PYTHON" -m venv "$VENV" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
echo "$VERSION" > "$STAMP"
log "installed $("$VENV/bin/schemathesis" --version 2>/dev/null | head -n 1) in $(( $(date +%s) - started ))s"
echo "$VENV/bin/schemathesis"
