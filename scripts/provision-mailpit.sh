#!/usr/bin/env bash
# Provisions Mailpit, the SMTP server (with an HTTP API to read what arrived) the e-mail notification tests
# send to: $MAILPIT_PATH, `mailpit` on PATH, or built with `go install` at a pinned version, cached in .tools/bin.
# Idempotent; prints the path of the executable on its last line.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$ROOT/.tools/bin"
VERSION="${MAILPIT_VERSION:-v1.33.1}"
STAMP="$ROOT/.tools/mailpit.version"
log() { printf '[provision-mailpit] %s\n' "$*" >&2; }

if [ -n "${MAILPIT_PATH:-}" ]; then
  [ -x "$MAILPIT_PATH" ] || { log "MAILPIT_PATH=$MAILPIT_PATH is not executable"; exit 1; }
  echo "$MAILPIT_PATH"; exit 0
fi
if [ -x "$BIN/mailpit" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$VERSION" ]; then
  echo "$BIN/mailpit"; exit 0
fi
if command -v mailpit >/dev/null 2>&1; then
  command -v mailpit; exit 0
fi
command -v go >/dev/null 2>&1 || { log "no Mailpit: install Go (to build it), put 'mailpit' on PATH, or set MAILPIT_PATH"; exit 1; }
started=$(date +%s)
log "building github.com/axllent/mailpit@$VERSION with $(go version | awk '{print $3}') (a cold build takes a few minutes)"
mkdir -p "$BIN"
GOBIN="$BIN" GOFLAGS="${GOFLAGS:--buildvcs=false}" go install "github.com/axllent/mailpit@$VERSION" >&2
echo "$VERSION" > "$STAMP"
log "built $BIN/mailpit in $(( $(date +%s) - started ))s"
echo "$BIN/mailpit"
