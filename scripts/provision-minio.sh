#!/usr/bin/env bash
# Provisions MinIO's server, the S3-compatible object store the S3 file-store tests run against:
# $MINIO_PATH, `minio` on PATH, or built with `go install` at a pinned version, cached in .tools/bin.
# Idempotent; prints the path of the executable on its last line.
set -euo pipefail
# The module has no tagged releases on the Go proxy; this pseudo-version builds with Go 1.24+.
exec bash "$(dirname "${BASH_SOURCE[0]}")/provision-go-tool.sh" minio github.com/minio/minio \
  "${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}" MINIO_PATH MinIO
