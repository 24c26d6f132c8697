#!/usr/bin/env bash
# `npm run start:cluster`: the production topology on one machine (docs/cluster.md):
#   Temporal cluster (frontend, history, matching, worker as four processes) on PostgreSQL, N history shards
#   read model on MariaDB (scripts/provision-mysql.sh)
#   two worker processes and two API processes
#   HAProxy in front of the APIs, serving the dashboard and the API
# and in demo mode (default here) the seed cascade, once. Ctrl-C stops the apps, the balancer and the
# Temporal services; the data (PostgreSQL, MariaDB) stays for the next start.
# Settings (defaults): CASCADE_CLUSTER_DIR (./data/cluster), CASCADE_PG_PORT (54329),
# CASCADE_TEMPORAL_PORT (7833), CASCADE_TEMPORAL_SHARDS (16), CASCADE_CLUSTER_PORT (balancer, 3870),
# CASCADE_API_PORTS (3871,3872), CASCADE_WORKERS (2), CASCADE_MYSQL_DB (cascade_cluster), CASCADE_DEMO (1).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
. scripts/use-node.sh
export CASCADE_CLUSTER_DIR="${CASCADE_CLUSTER_DIR:-$ROOT/data/cluster}"
PUBLIC_PORT="${CASCADE_CLUSTER_PORT:-3870}"
export CASCADE_API_PORTS="${CASCADE_API_PORTS:-3871,3872}"
export CASCADE_WORKERS="${CASCADE_WORKERS:-2}"

log() { printf '[start-cluster] %s\n' "$*"; }

# CASCADE_SKIP_BUILD=1 (a re-run on a built tree) also leaves node_modules alone.
[ "${CASCADE_SKIP_BUILD:-0}" = 1 ] || bash scripts/ensure-deps.sh
# The CLI is the cluster's admin tool (health, namespaces); the server and its schema tool are built once.
bash scripts/provision-temporal.sh cli cluster

stop_all() {
  trap - EXIT INT TERM
  bash scripts/cluster/balancer.sh stop || true
  bash scripts/cluster/temporal.sh stop --keep-db || true
  bash scripts/cluster/postgres.sh stop || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM

TEMPORAL_ADDRESS=$(bash scripts/cluster/temporal.sh start --split | tail -n 1)
export TEMPORAL_ADDRESS
DATABASE_URL=$(CASCADE_MYSQL_DB="${CASCADE_MYSQL_DB:-cascade_cluster}" bash scripts/provision-mysql.sh | tail -n 1)
export DATABASE_URL
IFS=',' read -r -a api_ports <<<"$CASCADE_API_PORTS"
bash scripts/cluster/balancer.sh start "$PUBLIC_PORT" "${api_ports[@]}"
export CASCADE_PUBLIC_URL="http://127.0.0.1:$PUBLIC_PORT"
export CASCADE_DEMO="${CASCADE_DEMO:-1}"
export CASCADE_DATA_DIR="${CASCADE_DATA_DIR:-$CASCADE_CLUSTER_DIR/app}"

if [ "${CASCADE_SKIP_BUILD:-0}" != 1 ]; then
  log "compiling (tsc)"
  npm run --silent build
fi
log "Temporal $TEMPORAL_ADDRESS, read model $(printf '%s' "$DATABASE_URL" | sed 's#//[^@]*@#//#'), $CASCADE_WORKERS workers, APIs on $CASCADE_API_PORTS behind $CASCADE_PUBLIC_URL"
# Not exec: the trap above stops the infrastructure when the CLI ends.
node bin/cascade start
