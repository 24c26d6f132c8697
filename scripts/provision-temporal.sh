#!/usr/bin/env bash
# Provisions the Temporal engines Cascade runs on, without the SDK's download:
#   cli          the Temporal CLI dev server (real server, SQLite persistence, Web UI):
#                $TEMPORAL_CLI_PATH, `temporal` on PATH, or built with `go install` at a pinned tag
#   test-server  Temporal's official time-skipping test server, the Maven artifact
#                io.temporal:temporal-test-server, behind .tools/bin/temporal-test-server
#   cluster      the production server (.tools/bin/temporal-server) and its schema tool
#                (.tools/bin/temporal-sql-tool), built with `go install` at the dev server's version, and
#                the server's PostgreSQL schema files (.tools/temporal-schema/); scripts/cluster/ runs them
# Usage: scripts/provision-temporal.sh [cli] [test-server] [cluster]   (default: cli and test-server)
# Idempotent: cached under .tools/ (git-ignored); prints what it used and how long it took.
# On a machine with internet and neither Go nor Java it leaves the SDK's own download in
# charge; otherwise it fails naming what is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS="$ROOT/.tools"
BIN="$TOOLS/bin"
# Newest tag whose go.mod has no `replace` directive (later tags need a checkout to build).
CLI_TAG="${TEMPORAL_CLI_TAG:-v1.5.1}"
# The server version the CLI's dev server embeds, so both engines behave alike.
SERVER_VERSION="${TEMPORAL_SERVER_VERSION:-v1.29.1}"
TEST_SERVER_POM="$ROOT/scripts/temporal-test-server/pom.xml"
TEST_SERVER_VERSION=$(sed -n 's:.*<temporal.test-server.version>\(.*\)</temporal.test-server.version>.*:\1:p' "$TEST_SERVER_POM")

log() { printf '[provision-temporal] %s\n' "$*"; }
fail() { printf '[provision-temporal] ERROR: %s\n' "$*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

# The SDK downloads from Temporal's own hosts; worth trying only where they answer.
internet() { command -v curl >/dev/null 2>&1 && curl -fsS -o /dev/null -m 5 -I https://temporal.download/ 2>/dev/null; }

mkdir -p "$BIN"
wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(cli test-server)

provision_cli() {
  local started; started=$(date +%s)
  if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
    [ -x "$TEMPORAL_CLI_PATH" ] || fail "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not executable"
    log "cli: using \$TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH ($("$TEMPORAL_CLI_PATH" --version 2>/dev/null | head -n 1))"
    return
  fi
  local stamp="$TOOLS/temporal-cli.version"
  if [ -x "$BIN/temporal" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$CLI_TAG" ]; then
    log "cli: cached $BIN/temporal ($("$BIN/temporal" --version | head -n 1)) in $(elapsed "$started")"
    return
  fi
  if command -v temporal >/dev/null 2>&1; then
    log "cli: using temporal on PATH: $(command -v temporal) ($(temporal --version 2>/dev/null | head -n 1))"
    return
  fi
  if command -v go >/dev/null 2>&1; then
    log "cli: building github.com/temporalio/cli/cmd/temporal@$CLI_TAG with $(go version | awk '{print $3}') (a cold build takes several minutes)"
    GOBIN="$BIN" GOFLAGS="${GOFLAGS:--buildvcs=false}" go install "github.com/temporalio/cli/cmd/temporal@$CLI_TAG" \
      || fail "go install of the Temporal CLI $CLI_TAG failed"
    echo "$CLI_TAG" > "$stamp"
    log "cli: built $BIN/temporal ($("$BIN/temporal" --version | head -n 1)) in $(elapsed "$started")"
    return
  fi
  if internet; then
    log "cli: no go on this machine; the Temporal SDK will download its dev server itself"
    return
  fi
  fail "no Temporal CLI: install Go (to build it), put 'temporal' on PATH, or set TEMPORAL_CLI_PATH"
}

provision_test_server() {
  local started; started=$(date +%s)
  if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then
    [ -x "$TEMPORAL_TEST_SERVER_PATH" ] || fail "TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH is not executable"
    log "test-server: using \$TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH"
    return
  fi
  local lib="$TOOLS/temporal-test-server/lib" stamp="$TOOLS/temporal-test-server.version"
  local jar="$lib/temporal-test-server-$TEST_SERVER_VERSION.jar"
  if [ -x "$BIN/temporal-test-server" ] && [ -f "$jar" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$TEST_SERVER_VERSION" ]; then
    # The wrapper is ours and cheap: always take the current one.
    install -m 0755 "$ROOT/scripts/temporal-test-server/temporal-test-server.sh" "$BIN/temporal-test-server"
    log "test-server: cached io.temporal:temporal-test-server:$TEST_SERVER_VERSION in $(elapsed "$started")"
    return
  fi
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(java)
  command -v mvn >/dev/null 2>&1 || missing+=(mvn)
  if [ ${#missing[@]} -gt 0 ]; then
    if internet; then
      log "test-server: no ${missing[*]} on this machine; the Temporal SDK will download its test server itself"
      return
    fi
    fail "no time-skipping test server: install ${missing[*]} (Java 11+ with Maven), or set TEMPORAL_TEST_SERVER_PATH"
  fi
  log "test-server: resolving io.temporal:temporal-test-server:$TEST_SERVER_VERSION with Maven"
  rm -rf "$lib"
  mvn -B -q -f "$TEST_SERVER_POM" dependency:copy-dependencies \
    -DoutputDirectory="$lib" -DincludeScope=runtime >&2 \
    || fail "Maven could not resolve io.temporal:temporal-test-server:$TEST_SERVER_VERSION"
  [ -f "$jar" ] || fail "Maven finished but $jar is missing"
  install -m 0755 "$ROOT/scripts/temporal-test-server/temporal-test-server.sh" "$BIN/temporal-test-server"
  echo "$TEST_SERVER_VERSION" > "$stamp"
  log "test-server: io.temporal:temporal-test-server:$TEST_SERVER_VERSION -> $BIN/temporal-test-server in $(elapsed "$started")"
}

provision_cluster() {
  local started; started=$(date +%s)
  bash "$ROOT/scripts/provision-go-tool.sh" temporal-server go.temporal.io/server/cmd/server "$SERVER_VERSION" \
    TEMPORAL_SERVER_PATH "Temporal server" server >/dev/null
  bash "$ROOT/scripts/provision-go-tool.sh" temporal-sql-tool go.temporal.io/server/cmd/tools/sql "$SERVER_VERSION" \
    TEMPORAL_SQL_TOOL_PATH "Temporal SQL schema tool" sql >/dev/null
  # The schema ships in the server module; a copy under .tools survives a cleaned module cache.
  local schema="$TOOLS/temporal-schema" stamp="$TOOLS/temporal-schema.version"
  if [ ! -d "$schema/postgresql" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$SERVER_VERSION" ]; then
    command -v go >/dev/null 2>&1 || fail "no Go to fetch the server module's schema files (go.temporal.io/server@$SERVER_VERSION)"
    local module
    module=$(GOFLAGS=-mod=mod go mod download -json "go.temporal.io/server@$SERVER_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
    [ -d "$module/schema/postgresql/v12" ] || fail "no schema/postgresql/v12 in go.temporal.io/server@$SERVER_VERSION"
    rm -rf "$schema"
    mkdir -p "$schema"
    cp -R "$module/schema/postgresql" "$schema/"
    chmod -R u+w "$schema"
    echo "$SERVER_VERSION" > "$stamp"
  fi
  log "cluster: temporal-server and temporal-sql-tool $SERVER_VERSION, schema in $schema, in $(elapsed "$started")"
}

total=$(date +%s)
for part in "${wanted[@]}"; do
  case "$part" in
    cli) provision_cli ;;
    test-server) provision_test_server ;;
    cluster) provision_cluster ;;
    *) fail "unknown part '$part' (expected: cli, test-server, cluster)" ;;
  esac
done
log "done in $(elapsed "$total")"
