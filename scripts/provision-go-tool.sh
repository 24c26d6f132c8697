#!/usr/bin/env bash
# Provisions a server the tests run as a separate process, built from the Go module proxy:
#   provision-go-tool.sh NAME MODULE VERSION ENV_PATH_VAR "WHAT IT IS" [BUILT_NAME]
# BUILT_NAME is the name `go install` gives the binary (the package's last path element) when it is
# too generic to keep (server, sql): it is installed as NAME.
# Uses $ENV_PATH_VAR when set, else a cached build in .tools/bin at VERSION, else NAME on PATH,
# else `go install MODULE@VERSION` into .tools/bin. Idempotent; prints the executable's path on
# its last line.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NAME=$1 MODULE=$2 VERSION=$3 PATH_VAR=$4 WHAT=$5 BUILT=${6:-$1}
BIN="$ROOT/.tools/bin"
STAMP="$ROOT/.tools/$NAME.version"
log() { printf '[provision-%s] %s\n' "$NAME" "$*" >&2; }

given="${!PATH_VAR:-}"
if [ -n "$given" ]; then
  [ -x "$given" ] || { log "$PATH_VAR=$given is not executable"; exit 1; }
  echo "$given"; exit 0
fi
if [ -x "$BIN/$NAME" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$VERSION" ]; then
  echo "$BIN/$NAME"; exit 0
fi
if command -v "$NAME" >/dev/null 2>&1; then
  command -v "$NAME"; exit 0
fi
command -v go >/dev/null 2>&1 || { log "no $WHAT: install Go (to build it), put '$NAME' on PATH, or set $PATH_VAR"; exit 1; }
started=$(date +%s)
log "building $MODULE@$VERSION with $(go version | awk '{print $3}') (a cold build takes a few minutes)"
mkdir -p "$BIN"
if [ "$BUILT" = "$NAME" ]; then
  GOBIN="$BIN" GOFLAGS="${GOFLAGS:--buildvcs=false}" go install "$MODULE@$VERSION" >&2
else
  # A private GOBIN, so the generic name never lands on .tools/bin (and PATH).
  staging="$ROOT/.tools/go-staging/$NAME"
  mkdir -p "$staging"
  GOBIN="$staging" GOFLAGS="${GOFLAGS:--buildvcs=false}" go install "$MODULE@$VERSION" >&2
  mv -f "$staging/$BUILT" "$BIN/$NAME"
fi
echo "$VERSION" > "$STAMP"
log "built $BIN/$NAME in $(( $(date +%s) - started ))s"
echo "$BIN/$NAME"
