#!/usr/bin/env bash
# Runs a command with the project's Node.js (24) first on PATH: `bash scripts/run-on-node.sh node app.js`,
# `bash scripts/run-on-node.sh jest -c …`. npm scripts that start node go through it, so they run on the
# Node that node_modules' native modules were built for whichever node started npm.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/use-node.sh"
exec "$@"
