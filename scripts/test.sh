#!/usr/bin/env bash
# `npm test`: installs and provisions what the tests need, then runs every Jest suite.
# MySQL suites run against TEST_MYSQL_URL; without it a local MariaDB is provisioned when
# this machine allows it (root or sudo with apt-get), else they are reported as not run.
# Extra arguments go to Jest (e.g. `npm test -- libs/domain`).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. scripts/use-node.sh
echo "[test] node $(node --version) ($(command -v node))"
bash scripts/ensure-deps.sh
bash scripts/provision-temporal.sh

if [ -z "${TEST_MYSQL_URL:-}" ] && [ "${CASCADE_TEST_MYSQL:-auto}" != "off" ]; then
  if url=$(bash scripts/provision-mysql.sh | tail -n 1) && [ -n "$url" ]; then
    export TEST_MYSQL_URL="$url"
  else
    echo "[test] WARNING: no MySQL for the MySQL suites (set TEST_MYSQL_URL); they run on SQLite only" >&2
  fi
fi
# The dashboard's e2e suite drives Debian's Chromium against the built SPA (it fails, never skips, without them).
bash scripts/provision-chromium.sh || echo "[test] WARNING: Chromium could not be provisioned: the dashboard e2e suite will fail" >&2
npm run --silent build:web
echo "[test] TEST_MYSQL_URL=${TEST_MYSQL_URL:-(none)}"
exec npx jest "$@"
