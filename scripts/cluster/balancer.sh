#!/usr/bin/env bash
# HAProxy in front of the API processes: one address for the dashboard and the API.
#   scripts/cluster/balancer.sh start PORT BACKEND_PORT... | stop | status
# Settings: CASCADE_CLUSTER_DIR (config, pid and log, default ./data/cluster).
# Installs Debian's haproxy when missing. A process of its own (no systemd); idempotent.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR="${CASCADE_CLUSTER_DIR:-$ROOT/data/cluster}/balancer"
PID_FILE="$DIR/haproxy.pid"

TAG=balancer
. "$ROOT/scripts/cluster/common.sh"

haproxy_bin() { command -v haproxy || ls /usr/sbin/haproxy 2>/dev/null || true; }
has_haproxy() { [ -n "$(haproxy_bin)" ]; }

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

start() {
  local port=${1:?port} backends=("${@:2}")
  [ ${#backends[@]} -gt 0 ] || fail "usage: $0 start PORT BACKEND_PORT..."
  apt_install haproxy has_haproxy
  mkdir -p "$DIR"
  local servers="" i=0 backend
  for backend in "${backends[@]}"; do
    i=$((i + 1))
    servers+="  server api$i 127.0.0.1:$backend check inter 1s fall 2 rise 2
"
  done
  # retry-on + redispatch: a request whose API process died before answering is replayed on the other one.
  # Writes are safe to replay because clients send an Idempotency-Key and the API acts on a key once.
  cat >"$DIR/haproxy.cfg" <<CFG
global
  maxconn 4096
  pidfile $PID_FILE

defaults
  mode http
  timeout connect 2s
  timeout client 330s
  timeout server 330s
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout 502 503 504

frontend cascade
  bind 127.0.0.1:$port
  default_backend api

backend api
  balance roundrobin
  option httpchk GET /api/health
  http-check expect status 200
$servers
CFG
  "$(haproxy_bin)" -c -q -f "$DIR/haproxy.cfg" || fail "invalid haproxy config $DIR/haproxy.cfg"
  if running; then
    # Reload in place (-sf): the old process finishes its requests and hands the port over.
    "$(haproxy_bin)" -D -f "$DIR/haproxy.cfg" -sf "$(cat "$PID_FILE")"
  else
    "$(haproxy_bin)" -D -f "$DIR/haproxy.cfg"
  fi
  for _ in $(seq 1 20); do running && break; sleep 0.25; done
  running || fail "haproxy did not start"
  log "HAProxy on 127.0.0.1:$port -> ${backends[*]}"
}

stop() {
  if running; then
    kill -TERM "$(cat "$PID_FILE")"
    log "stopped"
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) if running; then echo running; else echo stopped; exit 3; fi ;;
  *) fail "usage: $0 start PORT BACKEND_PORT... | stop | status" ;;
esac
