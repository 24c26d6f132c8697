#!/usr/bin/env bash
# Installs the npm packages when they are missing, older than package-lock.json or built for another
# Node.js (native modules are tied to its ABI, process.versions.modules), and checks that the native
# ones actually load (npm 11 may list install scripts it did not run).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. scripts/use-node.sh
log() { printf '[deps] %s\n' "$*"; }

abi="node-$(node -p 'process.versions.node.split(".")[0] + "-abi" + process.versions.modules')"
stamp=node_modules/.cascade-node-abi

# `npm install`, not `npm ci`: registries that do not serve other platforms' optional
# binaries (e.g. @swc/core-darwin-*) leave them out of the lock file, which npm ci rejects.
if [ ! -f node_modules/.package-lock.json ]; then
  log "installing npm packages with node $(node --version)"
  npm install --no-audit --no-fund
elif [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "package-lock.json changed: npm install"
  npm install --no-audit --no-fund
elif [ "$(cat "$stamp" 2>/dev/null || true)" != "$abi" ]; then
  log "node_modules was built for $(cat "$stamp" 2>/dev/null || echo 'another Node.js'), not $abi: rebuilding native modules"
  npm rebuild
fi

# better-sqlite3 compiles from source where no prebuilt binary can be downloaded.
if ! node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then
  log "better-sqlite3 does not load on node $(node --version): rebuilding it from source"
  npm rebuild better-sqlite3
  node -e "new (require('better-sqlite3'))(':memory:').close()" \
    || { echo "[deps] ERROR: better-sqlite3 still does not load (needs python3, make and a C++ compiler)" >&2; exit 1; }
fi
echo "$abi" > "$stamp"
