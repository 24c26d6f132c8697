#!/usr/bin/env bash
# `npm start`: installs, provisions, builds and runs the whole system on this machine.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. scripts/use-node.sh
echo "[start] node $(node --version) ($(command -v node))"
bash scripts/ensure-deps.sh
[ -n "${TEMPORAL_ADDRESS:-}" ] || bash scripts/provision-temporal.sh cli
echo "[start] compiling (tsc)"
npm run --silent build
exec node bin/cascade start
