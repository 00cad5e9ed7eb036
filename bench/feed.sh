#!/usr/bin/env bash
# The event feed's and the request log's cost on the passthrough, each as a paired run of bench/ab.sh (needs the jar,
# ./gateway build, and bench/ compiled, ./gateway bench --quick once):
#   feed: A no subscriber, B the same server with 100 subscribers draining the feed (FeedSubscribers, --with-b)
#   log:  A the request log off (its logger's level OFF), B on (the default: text lines to standard error, which
#         ab.sh sends to a file)
#   bench/feed.sh [feed|log|both] [ab.sh options...]      e.g. bench/feed.sh both --pairs 6
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WHAT=${1:-both}; shift || true
JAR="${GATEWAY_JAR:-$ROOT/gateway-server-jdk/target/gateway.jar}"   # GATEWAY_JAR: another build
[[ -f "$JAR" ]] || { echo "feed.sh: build the jar first: ./gateway build" >&2; exit 1; }
WORK="$(mktemp -d /tmp/gateway-feed.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
SECRET=bench-management-secret-0123456789
{ cat "$ROOT/bench/gateway-bench.yaml"; printf 'remote-management:\n  secret-key: %s\n' "$SECRET"; } > "$WORK/gateway.yaml"
cat > "$WORK/requests-off.properties" <<PROPS
handlers = java.util.logging.ConsoleHandler
.level = INFO
java.util.logging.ConsoleHandler.level = ALL
java.util.logging.SimpleFormatter.format = %1\$tF %1\$tT.%1\$tL %4\$-7s %3\$s: %5\$s%6\$s%n
org.flywaydb.level = WARNING
dev.aiproxy.requests.level = OFF
PROPS
OPTS="-Xms32m -Xmx256m"
RUN="-jar $JAR run --config $WORK/gateway.yaml"
if [[ $WHAT == feed || $WHAT == both ]]; then
  echo "== feed: A no subscriber, B 100 subscribers"
  "$ROOT/bench/ab.sh" "$@" --with-b "-Xmx128m -cp $ROOT/bench/target/classes dev.aiproxy.bench.FeedSubscribers {PORT} $SECRET 100" \
    "$OPTS $RUN" "$OPTS $RUN"
fi
if [[ $WHAT == log || $WHAT == both ]]; then
  echo "== request log: A off, B on"
  "$ROOT/bench/ab.sh" "$@" "$OPTS -Djava.util.logging.config.file=$WORK/requests-off.properties $RUN" "$OPTS $RUN"
fi
