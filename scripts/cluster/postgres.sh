#!/usr/bin/env bash
# PostgreSQL for the Temporal cluster: a server of its own on 127.0.0.1 with its own data directory
# (no systemd, no Debian cluster), and the `temporal` role.
#   scripts/cluster/postgres.sh start | stop | status | url
# Settings: CASCADE_CLUSTER_DIR (data, default ./data/cluster), CASCADE_PG_PORT (default 54329).
# Installs Debian's postgresql when no server is found (as provision-mysql.sh does for MariaDB).
# Idempotent: `start` on a running server only checks it; `stop` on a stopped one does nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR="${CASCADE_CLUSTER_DIR:-$ROOT/data/cluster}"
PORT="${CASCADE_PG_PORT:-54329}"
PGDATA="$DIR/postgres"
PG_USER=temporal
PG_PASS=temporal

TAG=postgres
. "$ROOT/scripts/cluster/common.sh"

pg_bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ]; then echo "$found"; return; fi
  command -v pg_ctl >/dev/null 2>&1 && dirname "$(command -v pg_ctl)"
}

# PostgreSQL refuses to run as root: as root the server runs as the `postgres` account.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

has_postgres() { [ -n "$(pg_bindir)" ]; }

running() { [ -n "$(pg_bindir)" ] && [ -f "$PGDATA/PG_VERSION" ] && as_owner "$(pg_bindir)/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

psql_admin() { as_owner "$(pg_bindir)/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

start() {
  apt_install postgresql has_postgres
  local bin; bin=$(pg_bindir)
  mkdir -p "$DIR"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    log "initdb $PGDATA"
    mkdir -p "$PGDATA"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PGDATA"
    chmod 0700 "$PGDATA"
    # Local connections only; trust keeps the scripts password-free (the server listens on 127.0.0.1 alone).
    as_owner "$bin/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! running; then
    log "starting PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
    # The socket goes to the data directory: /var/run/postgresql may not exist without the Debian service.
    as_owner "$bin/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDATA -c max_connections=300 -c shared_buffers=128MB" >/dev/null \
      || fail "PostgreSQL did not start; see $PGDATA/server.log"
  fi
  psql_admin <<SQL
DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASS';
  END IF;
END\$\$;
SQL
  log "ready on 127.0.0.1:$PORT (data $PGDATA)"
}

stop() {
  if running; then
    log "stopping PostgreSQL on 127.0.0.1:$PORT"
    as_owner "$(pg_bindir)/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo running; else echo stopped; exit 3; fi ;;
  url) echo "postgres://$PG_USER:$PG_PASS@127.0.0.1:$PORT" ;;
  *) fail "usage: $0 start|stop|status|url" ;;
esac
