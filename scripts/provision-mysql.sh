#!/usr/bin/env bash
# Provides a MySQL-compatible database for the MySQL test suites.
#
# - TEST_MYSQL_URL already set: nothing to do, it is printed back.
# - otherwise: installs Debian's mariadb-server when missing, starts it on 127.0.0.1,
#   creates the database and user, and prints the URL on the last line of stdout.
# Idempotent: a second run finds everything in place and only prints the URL.
set -euo pipefail

DB_NAME="${CASCADE_MYSQL_DB:-cascade_test}"
DB_USER="${CASCADE_MYSQL_USER:-cascade}"
DB_PASS="${CASCADE_MYSQL_PASSWORD:-cascade}"
DB_PORT="${CASCADE_MYSQL_PORT:-3306}"
started_at=$(date +%s)

log() { printf '[provision-mysql] %s\n' "$*" >&2; }

if [ -n "${TEST_MYSQL_URL:-}" ]; then
  log "TEST_MYSQL_URL is set; using it as given"
  printf '%s\n' "$TEST_MYSQL_URL"
  exit 0
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    log "need root (or sudo) to run: $*"; exit 1; fi
}

server_bin() { command -v mariadbd || command -v mysqld || ls /usr/sbin/mariadbd /usr/sbin/mysqld 2>/dev/null | head -n 1 || true; }
client_bin() { command -v mariadb || command -v mysql || true; }

if [ -z "$(server_bin)" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    log "no MySQL/MariaDB server found and no apt-get to install one: install MariaDB or MySQL 8, or set TEST_MYSQL_URL"
    exit 1
  fi
  log "installing mariadb-server from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  as_root apt-get install -y -qq mariadb-server mariadb-client >&2
fi

CLIENT=$(client_bin)
ping_server() { as_root "$CLIENT" --protocol=socket -uroot -e 'SELECT 1' >/dev/null 2>&1; }

if ! ping_server; then
  log "starting MariaDB on 127.0.0.1:${DB_PORT}"
  as_root mkdir -p /run/mysqld
  as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
  if [ ! -d /var/lib/mysql/mysql ]; then
    as_root mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null 2>&1 \
      || as_root mysql_install_db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  # mysqld_safe keeps the server alive in the background without systemd (containers, CI).
  as_root sh -c "nohup mysqld_safe --bind-address=127.0.0.1 --port=${DB_PORT} >/tmp/cascade-mariadb.log 2>&1 &"
  for _ in $(seq 1 60); do ping_server && break; sleep 1; done
  ping_server || { log "MariaDB did not come up; see /tmp/cascade-mariadb.log"; exit 1; }
fi

as_root "$CLIENT" --protocol=socket -uroot <<SQL
CREATE DATABASE IF NOT EXISTS \`${DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '${DB_USER}'@'127.0.0.1' IDENTIFIED BY '${DB_PASS}';
CREATE USER IF NOT EXISTS '${DB_USER}'@'localhost' IDENTIFIED BY '${DB_PASS}';
GRANT ALL PRIVILEGES ON \`${DB_NAME}\`.* TO '${DB_USER}'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`${DB_NAME}\`.* TO '${DB_USER}'@'localhost';
-- test suites create one database per run and worker; allow that without root
GRANT ALL PRIVILEGES ON \`${DB_NAME}\_%\`.* TO '${DB_USER}'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`${DB_NAME}\_%\`.* TO '${DB_USER}'@'localhost';
FLUSH PRIVILEGES;
SQL

log "ready in $(( $(date +%s) - started_at ))s"
printf 'mysql://%s:%s@127.0.0.1:%s/%s\n' "$DB_USER" "$DB_PASS" "$DB_PORT" "$DB_NAME"
