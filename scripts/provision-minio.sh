#!/usr/bin/env bash
# Provisions MinIO's server, the S3-compatible object store the S3 file-store tests run against:
# $MINIO_PATH, `minio` on PATH, or built with `go install` at a pinned version, cached in .tools/bin.
# Idempotent; prints the path of the executable on its last line.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$ROOT/.tools/bin"
# The module has no tagged releases on the Go proxy; this pseudo-version builds with Go 1.24+.
VERSION="${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
STAMP="$ROOT/.tools/minio.version"
log() { printf '[provision-minio] %s\n' "$*" >&2; }

if [ -n "${MINIO_PATH:-}" ]; then
  [ -x "$MINIO_PATH" ] || { log "MINIO_PATH=$MINIO_PATH is not executable"; exit 1; }
  echo "$MINIO_PATH"; exit 0
fi
if [ -x "$BIN/minio" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$VERSION" ]; then
  echo "$BIN/minio"; exit 0
fi
if command -v minio >/dev/null 2>&1; then
  command -v minio; exit 0
fi
command -v go >/dev/null 2>&1 || { log "no MinIO: install Go (to build it), put 'minio' on PATH, or set MINIO_PATH"; exit 1; }
started=$(date +%s)
log "building github.com/minio/minio@$VERSION with $(go version | awk '{print $3}') (a cold build takes several minutes)"
mkdir -p "$BIN"
GOBIN="$BIN" GOFLAGS="${GOFLAGS:--buildvcs=false}" go install "github.com/minio/minio@$VERSION" >&2
echo "$VERSION" > "$STAMP"
log "built $BIN/minio in $(( $(date +%s) - started ))s"
echo "$BIN/minio"
