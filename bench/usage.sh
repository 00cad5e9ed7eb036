#!/usr/bin/env bash
# The usage store at size (issue 12; docs/performance.md, "Usage store"): N records (default 1,000,000) through the
# real writer into a fresh SQLite file in a temporary folder, then the dashboard's and `gateway usage`'s queries, timed.
#   bench/usage.sh [N]
# Expects the gateway jar built (./gateway build) and JAVA_HOME at a JDK 21+ (the launcher's choice is fine).
set -euo pipefail
if [[ -z "${BENCH_BOUNDED:-}" ]]; then BENCH_BOUNDED=1 exec timeout -k 10 900 "$0" "$@"; fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAR="$ROOT/gateway-server-jdk/target/gateway.jar"
CLASSES="$ROOT/bench/target/classes"
[[ -f "$JAR" ]] || { echo "usage bench: build the jar first (./gateway build)" >&2; exit 1; }
mkdir -p "$CLASSES"
"$JAVA_HOME/bin/javac" -nowarn -d "$CLASSES" -cp "$JAR" $(find "$ROOT/bench/src" -name '*.java')
WORK="$(mktemp -d /tmp/usage-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
"$JAVA_HOME/bin/java" -Xmx3g --enable-native-access=ALL-UNNAMED -cp "$CLASSES:$JAR" dev.aiproxy.bench.UsageStoreBench \
  "${1:-1000000}" "$WORK"
