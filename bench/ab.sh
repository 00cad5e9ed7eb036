#!/usr/bin/env bash
# A/B of two server command lines on the same fake upstream, for one change at a time: both run at once, and wrk
# alternates between them (A B A B ...), so the machine's drift hits both alike. Prints each pair's req/s and CPU us
# per request (from /proc/<pid>/stat), then the medians and the median of the paired ratios B/A.
#
#   bench/ab.sh [--pairs N] [--seconds S] [--warmup S] [--conns C] [--path P] [--body FILE] [--body-b FILE]
#               [--with-b 'JAVA ARGS C'] 'JAVA ARGS A' 'JAVA ARGS B'
#
# --body-b gives side B another body than A (the same server command on both sides, one body routed to a translating
# upstream and the other passed through, pairs translated against passthrough throughput).
#
# In the java arguments, {PORT} is the side's port and {FAKE} the fake's; BENCH_GATEWAY_PORT and BENCH_FAKE_PORT are
# exported too, for bench/gateway-bench.yaml. --with-b starts a third java process once B listens, with {PORT} B's port,
# and waits for it to print "listening": a companion load on B only (bench/feed.sh's 100 feed subscribers). Example, the gateway before and after a change:
#   cp gateway-server-jdk/target/gateway.jar /tmp/before.jar; ./gateway build
#   bench/ab.sh '-jar /tmp/before.jar run --config bench/gateway-bench.yaml' \
#               '-jar gateway-server-jdk/target/gateway.jar run --config bench/gateway-bench.yaml'
set -euo pipefail
if [[ -z "${BENCH_BOUNDED:-}" ]]; then BENCH_BOUNDED=1 exec timeout -k 10 900 "$0" "$@"; fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
PAIRS=4 SECS=5 WARM=15 CONNS=50 PATHQ=/v1/chat/completions BODY=openai.json BODY_B= WITHB=
while [[ $# -gt 2 ]]; do
  case "$1" in
    --pairs) PAIRS=$2 ;; --seconds) SECS=$2 ;; --warmup) WARM=$2 ;; --conns) CONNS=$2 ;; --path) PATHQ=$2 ;; --body) BODY=$2 ;; --body-b) BODY_B=$2 ;;
    --with-b) WITHB=$2 ;;
    *) echo "ab: unknown option $1" >&2; exit 64 ;;
  esac
  shift 2
done
A="$1" B="$2"
CLASSES="$ROOT/bench/target/classes"
[[ -d "$CLASSES" ]] || { echo "ab: run ./gateway bench --quick once to compile bench/" >&2; exit 1; }
PIDS=()
WORK="$(mktemp -d /tmp/gateway-ab.XXXXXX)"
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

free_port() { "$JAVA" -cp "$CLASSES" dev.aiproxy.bench.FreePort; }
launch() {  # NAME PORT ARGS
  local name=$1 port=$2 args=${3//\{PORT\}/$2}
  args=${args//\{FAKE\}/$FAKE_PORT}
  BENCH_GATEWAY_PORT=$port BENCH_FAKE_PORT=$FAKE_PORT "$JAVA" -Dsun.net.httpserver.nodelay=true $args \
    > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 300); do grep -q listening "$WORK/$name.log" && return; sleep 0.1; done
  echo "ab: $name did not start" >&2; cat "$WORK/$name.log" >&2; exit 1
}
FAKE_PORT=$(free_port)
"$JAVA" -XX:+UseSerialGC -cp "$CLASSES" dev.aiproxy.bench.FakeUpstream "$FAKE_PORT" > "$WORK/fake.log" 2>&1 &
PIDS+=($!)
sleep 0.5
PORT_A=$(free_port); launch A "$PORT_A" "$A"; PID_A=${PIDS[-1]}
PORT_B=$(free_port); launch B "$PORT_B" "$B"; PID_B=${PIDS[-1]}
if [[ -n "$WITHB" ]]; then launch C "$PORT_B" "$WITHB"; fi

ticks() { local f; read -r -a f < "/proc/$1/stat"; echo $(( f[13] + f[14] )); }
run() {  # PORT PID SECONDS [BODY] -> "rps cpu_us_per_req p50_us p99_us"
  local t0 t1 out req body=${4:-$BODY}
  t0=$(ticks "$2")
  out=$(timeout $(( $3 + 30 )) wrk -t1 -c"$CONNS" -d"$3s" -s "$ROOT/bench/wrk/post.lua" "http://127.0.0.1:$1$PATHQ" -- \
    "$ROOT/bench/bodies/$body" "Authorization: Bearer bench-client-key" | tail -1)
  t1=$(ticks "$2")
  req=$(grep -o '"requests":[0-9]*' <<<"$out" | cut -d: -f2)
  echo "$(grep -o '"rps":[0-9.]*' <<<"$out" | cut -d: -f2) $(( (t1 - t0) * 1000000 / $(getconf CLK_TCK) / (req > 0 ? req : 1) )) $(grep -o '"p50_us":[0-9.]*' <<<"$out" | cut -d: -f2) $(grep -o '"p99_us":[0-9.]*' <<<"$out" | cut -d: -f2)"
}
BODY_B=${BODY_B:-$BODY}
run "$PORT_A" "$PID_A" "$WARM" >/dev/null; run "$PORT_B" "$PID_B" "$WARM" "$BODY_B" >/dev/null   # warm-up
echo "load $(cut -d' ' -f1 /proc/loadavg); $PAIRS pairs of ${SECS}s at $CONNS conns on $PATHQ; A posts $BODY, B $BODY_B"
printf '%-5s %10s %10s %10s %10s | %10s %10s %10s %10s\n' pair "A req/s" "A cpu us" "A p50" "A p99" "B req/s" "B cpu us" \
  "B p50" "B p99"
RES=()
for i in $(seq "$PAIRS"); do
  if (( i % 2 )); then a=$(run "$PORT_A" "$PID_A" "$SECS"); b=$(run "$PORT_B" "$PID_B" "$SECS" "$BODY_B")
  else b=$(run "$PORT_B" "$PID_B" "$SECS" "$BODY_B"); a=$(run "$PORT_A" "$PID_A" "$SECS"); fi
  printf '%-5s %10s %10s %10s %10s | %10s %10s %10s %10s\n' "$i" $a $b
  RES+=("$a $b")
done
printf '%s\n' "${RES[@]}" | awk '
  { ar[NR]=$1; ac[NR]=$2; a9[NR]=$4; br[NR]=$5; bc[NR]=$6; b9[NR]=$8; rr[NR]=$5/$1; rc[NR]=$6/$2 }
  function med(a, n,   i, j, t, b) { for (i = 1; i <= n; i++) b[i] = a[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
    return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2 }
  END { printf "median  A %.0f req/s %.0f us/req p99 %.0f us   B %.0f req/s %.0f us/req p99 %.0f us   B/A: req/s %.3fx, cpu %.3fx\n",
        med(ar, NR), med(ac, NR), med(a9, NR), med(br, NR), med(bc, NR), med(b9, NR), med(rr, NR), med(rc, NR) }'
echo "A rss $(awk '/VmRSS/{print $2}' /proc/$PID_A/status) kB hwm $(awk '/VmHWM/{print $2}' /proc/$PID_A/status) kB; B rss $(awk '/VmRSS/{print $2}' /proc/$PID_B/status) kB hwm $(awk '/VmHWM/{print $2}' /proc/$PID_B/status) kB"
