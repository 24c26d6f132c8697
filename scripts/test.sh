#!/usr/bin/env bash
# `npm test`: installs and provisions what the tests need, then runs the Jest tiers.
#   CASCADE_TEST_TIER=unit|integration|e2e|all (default all; `npm run test:unit` etc. set it)
# unit needs nothing but the packages; integration the Temporal engines, MariaDB, MinIO and Mailpit;
# e2e the dev server and Chromium with the built dashboard.
# MySQL suites run against TEST_MYSQL_URL; without it a local MariaDB is provisioned when
# this machine allows it (root or sudo with apt-get), else they run on SQLite only.
# Extra arguments go to Jest (e.g. `npm test -- libs/domain`).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. scripts/use-node.sh
tier="${CASCADE_TEST_TIER:-all}"
case "$tier" in unit | integration | e2e | all) ;; *) echo "[test] CASCADE_TEST_TIER must be unit, integration, e2e or all (got $tier)" >&2; exit 2 ;; esac
echo "[test] node $(node --version) ($(command -v node)), tier $tier"
bash scripts/ensure-deps.sh
wants() { [ "$tier" = all ] || [[ " $* " == *" $tier "* ]]; }

wants integration e2e && bash scripts/provision-temporal.sh
if wants integration && [ -z "${TEST_MYSQL_URL:-}" ] && [ "${CASCADE_TEST_MYSQL:-auto}" != "off" ]; then
  if url=$(bash scripts/provision-mysql.sh | tail -n 1) && [ -n "$url" ]; then
    export TEST_MYSQL_URL="$url"
  else
    echo "[test] WARNING: no MySQL for the MySQL suites (set TEST_MYSQL_URL); they run on SQLite only" >&2
  fi
fi
if wants integration; then
  # The S3 file-store suites run where MinIO is provisioned (always in CI, where its absence fails them).
  if minio=$(bash scripts/provision-minio.sh | tail -n 1) && [ -n "$minio" ]; then
    export MINIO_PATH="$minio"
  else
    echo "[test] WARNING: MinIO could not be provisioned: the S3 file-store suites do not run" >&2
  fi
  # The e-mail notification suites send to a real Mailpit (always in CI, where its absence fails them).
  if mailpit=$(bash scripts/provision-mailpit.sh | tail -n 1) && [ -n "$mailpit" ]; then
    export MAILPIT_PATH="$mailpit"
  else
    echo "[test] WARNING: Mailpit could not be provisioned: the e-mail notification suites do not run" >&2
  fi
fi
# The dashboard's e2e suite drives Debian's Chromium (it fails, never skips, without it); the API
# suites serve the built SPA too.
wants e2e && { bash scripts/provision-chromium.sh || echo "[test] WARNING: Chromium could not be provisioned: the dashboard e2e suite will fail" >&2; }
wants e2e integration && npm run --silent build:web
echo "[test] TEST_MYSQL_URL=${TEST_MYSQL_URL:-(none)}"
projects=()
[ "$tier" = all ] || projects=(--selectProjects "$tier")
exec npx jest "${projects[@]}" "$@"
