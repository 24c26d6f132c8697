#!/bin/sh
# Launches Temporal's Java time-skipping test server the way the SDK launches its native one
# ({ type: 'existing-path' }): the SDK passes the port first, then any extra arguments.
# Installed as .tools/bin/temporal-test-server by scripts/provision-temporal.sh.
here=$(cd "$(dirname "$0")/.." && pwd)
lib="$here/temporal-test-server/lib"
[ -n "$1" ] || { echo "usage: temporal-test-server <port> [--enable-time-skipping]" >&2; exit 2; }
exec java ${TEMPORAL_TEST_SERVER_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto} \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$lib/*" io.temporal.testserver.TestServer "$@"
