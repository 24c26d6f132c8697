#!/usr/bin/env bash
# `npm run test:cluster`: the cluster tier (test/cluster) from a fresh checkout: provisions the Temporal
# server, the CLI and PostgreSQL/HAProxy (their scripts install Debian's packages when missing), builds,
# then runs the suite. Extra arguments go to Jest.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
. scripts/use-node.sh
bash scripts/provision-temporal.sh cli cluster
# The suite runs a MariaDB of its own (as test/faults does): the server must be installed.
command -v mariadbd >/dev/null 2>&1 || bash scripts/provision-mysql.sh >/dev/null
if [ "${CASCADE_SKIP_BUILD:-0}" != 1 ]; then npm run --silent build; fi
exec npx jest -c test/cluster/jest.config.js "$@"
