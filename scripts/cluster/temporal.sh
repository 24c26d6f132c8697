#!/usr/bin/env bash
# A real Temporal cluster on this machine: the production server (scripts/provision-temporal.sh cluster)
# on PostgreSQL (scripts/cluster/postgres.sh), with N history shards.
#   scripts/cluster/temporal.sh start [--shards N] [--split] [--fresh] [--tls]
#   scripts/cluster/temporal.sh stop | status | restart-service SERVICE | address
# --split runs frontend, history, matching and worker as four processes (as a production deployment
# does), otherwise one process runs all four. --fresh drops the databases first. The shard count is
# fixed when the databases are created: asking for another count needs --fresh. --tls serves the
# frontend with mutual TLS: a private CA, a server certificate for localhost/127.0.0.1 and a client
# certificate are made with openssl under $CASCADE_CLUSTER_DIR/temporal/tls (ca.pem, client.pem,
# client.key: what TEMPORAL_TLS_CA_FILE, TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE take).
# Settings: CASCADE_CLUSTER_DIR (data, default ./data/cluster), CASCADE_PG_PORT (default 54329),
# CASCADE_TEMPORAL_PORT (frontend gRPC, default 7833; the other services take the next ports, see below),
# CASCADE_TEMPORAL_SHARDS (default 16, see docs/cluster.md for why).
# Idempotent: `start` on a running cluster checks its health and the namespace only.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR="${CASCADE_CLUSTER_DIR:-$ROOT/data/cluster}"
export CASCADE_CLUSTER_DIR="$DIR"
PG_PORT="${CASCADE_PG_PORT:-54329}"
BASE="${CASCADE_TEMPORAL_PORT:-7833}"
SHARDS="${CASCADE_TEMPORAL_SHARDS:-16}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
TOOLS="$ROOT/.tools"
SERVER="${TEMPORAL_SERVER_PATH:-$TOOLS/bin/temporal-server}"
SQL_TOOL="${TEMPORAL_SQL_TOOL_PATH:-$TOOLS/bin/temporal-sql-tool}"
SCHEMA="${TEMPORAL_SCHEMA_DIR:-$TOOLS/temporal-schema}/postgresql/v12"
TDIR="$DIR/temporal"
SERVICES=(frontend history matching worker)

TAG=temporal
. "$ROOT/scripts/cluster/common.sh"

# gRPC ports: frontend BASE, history +1, matching +2, worker +3; HTTP API +10; membership (ringpop) +20..+23.
grpc_port() { case $1 in frontend) echo "$BASE" ;; history) echo $((BASE + 1)) ;; matching) echo $((BASE + 2)) ;; worker) echo $((BASE + 3)) ;; esac; }
membership_port() { case $1 in frontend) echo $((BASE + 20)) ;; history) echo $((BASE + 21)) ;; matching) echo $((BASE + 22)) ;; worker) echo $((BASE + 23)) ;; esac; }
ADDRESS="127.0.0.1:$BASE"

TLS_DIR="$TDIR/tls"
temporal_cli() {
  local cli="$TOOLS/bin/temporal"
  [ -x "$cli" ] || cli=$(command -v temporal || true)
  [ -n "$cli" ] || fail "no temporal CLI (scripts/provision-temporal.sh cli)"
  if [ -f "$TDIR/tls-on" ]; then
    "$cli" "$@" --tls-ca-path "$TLS_DIR/ca.pem" --tls-cert-path "$TLS_DIR/client.pem" \
      --tls-key-path "$TLS_DIR/client.key" --tls-server-name localhost
  else
    "$cli" "$@"
  fi
}

# A private CA and the two certificates mTLS needs; made once, kept with the cluster's data.
make_certificates() {
  [ -f "$TLS_DIR/client.key" ] && return
  command -v openssl >/dev/null 2>&1 || fail "--tls needs openssl"
  mkdir -p "$TLS_DIR"
  (
    cd "$TLS_DIR"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=Cascade cluster CA' \
      -keyout ca.key -out ca.pem 2>/dev/null
    local name
    for name in server client; do
      openssl req -newkey rsa:2048 -nodes -subj "/CN=cascade-$name" -keyout "$name.key" -out "$name.csr" 2>/dev/null
      printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=%s\n' \
        "$([ "$name" = server ] && echo serverAuth || echo clientAuth)" >"$name.ext"
      openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
        -extfile "$name.ext" -out "$name.pem" 2>/dev/null
      rm -f "$name.csr" "$name.ext"
    done
  ) || fail "could not make the TLS certificates in $TLS_DIR"
}

tls_config() {
  [ -f "$TDIR/tls-on" ] || return 0
  cat <<YAML
  tls:
    frontend:
      server:
        certFile: $TLS_DIR/server.pem
        keyFile: $TLS_DIR/server.key
        requireClientAuth: true
        clientCaFiles: [$TLS_DIR/ca.pem]
      client:
        serverName: localhost
        rootCaFiles: [$TLS_DIR/ca.pem]
    systemWorker:
      certFile: $TLS_DIR/client.pem
      keyFile: $TLS_DIR/client.key
      client:
        serverName: localhost
        rootCaFiles: [$TLS_DIR/ca.pem]
YAML
}

sql_tool() {
  local db=$1; shift
  "$SQL_TOOL" --plugin postgres12 --ep 127.0.0.1 -p "$PG_PORT" -u temporal --pw temporal --db "$db" "$@" >>"$TDIR/schema.log" 2>&1
}

pid_of() { cat "$TDIR/$1.pid" 2>/dev/null || true; }
alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
healthy() { temporal_cli operator cluster health --address "$ADDRESS" 2>/dev/null | grep -q SERVING; }

write_config() {
  mkdir -p "$TDIR/config"
  local svc service_blocks=""
  for svc in "${SERVICES[@]}"; do
    service_blocks+="  $svc:
    rpc:
      grpcPort: $(grpc_port "$svc")
      membershipPort: $(membership_port "$svc")
      bindOnLocalHost: true
"
    [ "$svc" = frontend ] && service_blocks+="      httpPort: $((BASE + 10))
"
  done
  # Our own minimal config (the server's config/development-postgres12.yaml minus archival, metrics and
  # pprof, whose fixed ports would clash between the split processes).
  cat >"$TDIR/config/cascade.yaml" <<YAML
log:
  stdout: true
  level: warn

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: $SHARDS
  datastores:
    postgres-default:
      sql:
        pluginName: postgres12
        databaseName: temporal
        connectAddr: "127.0.0.1:$PG_PORT"
        connectProtocol: tcp
        user: temporal
        password: temporal
        maxConns: 20
        maxIdleConns: 20
        maxConnLifetime: 1h
    postgres-visibility:
      sql:
        pluginName: postgres12
        databaseName: temporal_visibility
        connectAddr: "127.0.0.1:$PG_PORT"
        connectProtocol: tcp
        user: temporal
        password: temporal
        maxConns: 10
        maxIdleConns: 10
        maxConnLifetime: 1h

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
$(tls_config)

services:
$service_blocks
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "$ADDRESS"

dcRedirectionPolicy:
  policy: noop

dynamicConfigClient:
  filepath: "$TDIR/config/dynamic.yaml"
  pollInterval: 10s
YAML
  # The same rate limits the benchmarks give the dev server: the defaults throttle a fan-out of thousands.
  cat >"$TDIR/config/dynamic.yaml" <<YAML
frontend.rps:
  - value: 10000
frontend.namespaceRPS:
  - value: 10000
history.rps:
  - value: 10000
matching.rps:
  - value: 10000
YAML
}

setup_schema() {
  local fresh=$1 stamp="$TDIR/shards"
  mkdir -p "$TDIR"
  if [ "$fresh" = 1 ]; then
    log "dropping the databases (--fresh)"
    sql_tool temporal drop-database --force || true
    sql_tool temporal_visibility drop-database --force || true
    rm -f "$stamp"
  fi
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" != "$SHARDS" ]; then
    fail "the databases were created with $(cat "$stamp") history shards; a cluster cannot change its shard count: start with --fresh (drops every workflow) or --shards $(cat "$stamp")"
  fi
  local db dir
  for db in temporal temporal_visibility; do
    dir=$([ "$db" = temporal ] && echo temporal || echo visibility)
    sql_tool "$db" create-database || true
    # setup-schema once (version 0.0 creates the bookkeeping tables), then every versioned step up to the latest.
    if ! sql_tool "$db" update-schema -d "$SCHEMA/$dir/versioned"; then
      sql_tool "$db" setup-schema -v 0.0 || fail "setup-schema of $db failed; see $TDIR/schema.log"
      sql_tool "$db" update-schema -d "$SCHEMA/$dir/versioned" || fail "update-schema of $db failed; see $TDIR/schema.log"
    fi
  done
  echo "$SHARDS" >"$stamp"
}

start_process() {
  local name=$1; shift
  local args=()
  for svc in "$@"; do args+=(--service "$svc"); done
  # setsid: a process group of its own, so stop (and the fault tests) reach it alone.
  setsid "$SERVER" --root / --config "$TDIR/config" --env cascade --allow-no-auth start "${args[@]}" \
    >>"$TDIR/$name.log" 2>&1 </dev/null &
  echo $! >"$TDIR/$name.pid"
}

# Until the service's gRPC port accepts connections (it opens once the service has started), failing early if it died.
wait_listening() {
  local svc=$1 within=$2 started; started=$(date +%s)
  until (exec 3<>"/dev/tcp/127.0.0.1/$(grpc_port "$svc")") 2>/dev/null; do
    alive "$svc" || fail "the $svc service exited at its start; see $TDIR/$svc.log"
    [ $(( $(date +%s) - started )) -lt "$within" ] || fail "the $svc service did not listen within ${within}s; see $TDIR/$svc.log"
    sleep 0.5
  done
}

wait_healthy() {
  local within=${1:-90} started; started=$(date +%s)
  until healthy; do
    if [ $(( $(date +%s) - started )) -ge "$within" ]; then
      fail "the cluster did not answer SERVING on $ADDRESS within ${within}s; see $TDIR/*.log"
    fi
    sleep 1
  done
}

ensure_namespace() {
  temporal_cli operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1 && return
  log "creating namespace $NAMESPACE"
  temporal_cli operator namespace create --address "$ADDRESS" --namespace "$NAMESPACE" --retention 72h >/dev/null
  # The frontend caches namespaces: wait until it knows the new one.
  for _ in $(seq 1 30); do
    temporal_cli workflow list --address "$ADDRESS" --namespace "$NAMESPACE" --limit 1 >/dev/null 2>&1 && return
    sleep 1
  done
  fail "namespace $NAMESPACE was created but is not served"
}

running_processes() { local n; for n in all "${SERVICES[@]}"; do alive "$n" && echo "$n"; done; true; }

start() {
  local split=0 fresh=0 tls=0
  while [ $# -gt 0 ]; do
    case $1 in
      --shards) SHARDS=$2; shift 2 ;;
      --split) split=1; shift ;;
      --fresh) fresh=1; shift ;;
      --tls) tls=1; shift ;;
      *) fail "unknown option $1" ;;
    esac
  done
  [[ "$SHARDS" =~ ^[1-9][0-9]*$ ]] || fail "--shards must be a positive number, got $SHARDS"
  [ -x "$SERVER" ] && [ -x "$SQL_TOOL" ] && [ -d "$SCHEMA" ] || bash "$ROOT/scripts/provision-temporal.sh" cluster
  local started; started=$(date +%s)
  if [ -n "$(running_processes)" ]; then
    [ "$fresh" = 1 ] && fail "--fresh on a running cluster: stop it first"
    [ "$(cat "$TDIR/shards" 2>/dev/null)" = "$SHARDS" ] \
      || fail "a cluster with $(cat "$TDIR/shards" 2>/dev/null || echo '?') history shards is running, not $SHARDS: stop it first"
    wait_healthy 60
    ensure_namespace
    log "already running on $ADDRESS ($(running_processes | xargs))"
    echo "$ADDRESS"
    return
  fi
  bash "$ROOT/scripts/cluster/postgres.sh" start
  setup_schema "$fresh"
  if [ "$tls" = 1 ]; then make_certificates; touch "$TDIR/tls-on"; else rm -f "$TDIR/tls-on"; fi
  write_config
  local svc
  if [ "$split" = 1 ]; then
    # The frontend alone first: every service process writes the cluster metadata as it starts, and on a
    # fresh database two doing so at once collide on its primary key and the loser exits.
    start_process frontend frontend
    wait_listening frontend 120
    for svc in history matching worker; do start_process "$svc" "$svc"; done
  else
    start_process all "${SERVICES[@]}"
  fi
  wait_healthy 120
  ensure_namespace
  # SERVING is the frontend's word alone: a history or matching process that died at its start leaves
  # every request failing with "Not enough hosts".
  for svc in $([ "$split" = 1 ] && echo "${SERVICES[@]}" || echo all); do
    alive "$svc" || fail "the $svc service exited at its start; see $TDIR/$svc.log"
  done
  log "serving on $ADDRESS: $SHARDS history shards, $([ "$split" = 1 ] && echo 'four service processes' || echo 'one process')$([ "$tls" = 1 ] && echo ', mutual TLS'), in $(( $(date +%s) - started ))s"
  echo "$ADDRESS"
}

stop_process() {
  local name=$1 pid
  pid=$(pid_of "$name")
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$TDIR/$name.pid"
}

stop() {
  local n
  # The frontend last: the others deregister through the database, not through it.
  for n in all worker matching history frontend; do stop_process "$n"; done
  if [ "${1:-}" != --keep-db ]; then bash "$ROOT/scripts/cluster/postgres.sh" stop; fi
  log "stopped"
}

# Restarts one service process of a --split cluster (the fault tests restart history this way).
restart_service() {
  local svc=${1:?service}
  alive "$svc" || fail "no $svc process of its own (start with --split)"
  stop_process "$svc"
  start_process "$svc" "$svc"
  wait_healthy 120
  log "restarted $svc"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  status)
    procs=$(running_processes | xargs)
    if [ -n "$procs" ] && healthy; then echo "serving on $ADDRESS ($procs)"; else echo "stopped${procs:+ (processes: $procs, not serving)}"; exit 3; fi
    ;;
  restart-service) shift; restart_service "$@" ;;
  address) echo "$ADDRESS" ;;
  *) fail "usage: $0 start [--shards N] [--split] [--fresh] [--tls] | stop [--keep-db] | status | restart-service SERVICE | address" ;;
esac
