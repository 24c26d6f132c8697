#!/usr/bin/env bash
# Provisions Mailpit, the SMTP server (with an HTTP API to read what arrived) the e-mail notification tests
# send to: $MAILPIT_PATH, `mailpit` on PATH, or built with `go install` at a pinned version, cached in .tools/bin.
# Idempotent; prints the path of the executable on its last line.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/provision-go-tool.sh" mailpit github.com/axllent/mailpit \
  "${MAILPIT_VERSION:-v1.33.1}" MAILPIT_PATH Mailpit
