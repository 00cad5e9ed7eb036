#!/usr/bin/env bash
# The overhead benchmark (issue 6), run by `./gateway bench [options]`; see docs/performance.md.
# Starts a fake upstream, the bare relay and the gateway itself, runs every scenario against the direct call and the
# relay in the same run (interleaved, warmed up, repeated), prints a table and writes bench/results/<time>.jsonl.
# Stops only what it started (by recorded pid), and bounds every step in time.
#
# Expects JAVA_HOME (the launcher sets it) and the gateway jar built. Options:
#   --rounds N     measured rounds (default 3)      --seconds S   length of each measurement (default 5)
#   --warmup S     warm-up per target (default 8)   --swarm N     concurrent streams in (f) (default 2000)
#   --keepalive N  kept-alive connections in (g) (default 1000)
#   --quick        1 round of 2 s, 3 s warm-up, 500 streams: a smoke test, not a measurement
#   --only LIST    comma-separated scenarios among a,b,c,d,e,f,g,h (default all)
#   --wait-quiet S wait up to S seconds for the 1-minute load average to fall below 0.5 before measuring
#   --soak D       instead of the scenarios, the soak (SoakDriver): the mixed load at a steady half of its peak for
#                  D (60m, 1h, 300s, or seconds), resident memory every 30 s, latency percentiles every 5 minutes,
#                  to bench/results/soak-<time>.jsonl. Not part of CI. --soak-rate R fixes the rate (req/s) instead,
#                  --soak-window S the percentile window, --soak-sample S the memory sampling period
set -euo pipefail
# duration_s D: 60m, 1h, 300s or 300 -> seconds
duration_s() {
  case "$1" in
    *h) echo $(( ${1%h} * 3600 )) ;; *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "$1" ;;
  esac
}
TOTAL_LIMIT=2400   # the whole run, in seconds: past it, timeout stops this script and the trap stops the rest
for ((i = 1; i < $#; i++)); do   # a soak runs as long as it was asked to, plus its peak measurement and start-up
  if [[ "${!i}" == --soak ]]; then j=$((i + 1)); TOTAL_LIMIT=$(( $(duration_s "${!j}") + 600 )); fi
done
if [[ -z "${BENCH_BOUNDED:-}" ]]; then
  BENCH_BOUNDED=1 exec timeout -k 20 "$TOTAL_LIMIT" "$0" "$@"
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
JAR="$ROOT/gateway-server-jdk/target/gateway.jar"
JAVA="${JAVA_HOME:?JAVA_HOME must be set (./gateway bench sets it)}/bin/java"
ROUNDS=3 SECONDS_EACH=5 WARMUP=12 SWARM=2000 KEEPALIVE=1000 ONLY="a,b,c,d,e,f,g,h" QUIET_WAIT=0
SOAK="" SOAK_RATE=0 SOAK_WINDOW=300 SOAK_SAMPLE=30
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --seconds) SECONDS_EACH="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --swarm) SWARM="$2"; shift 2 ;;
    --keepalive) KEEPALIVE="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --wait-quiet) QUIET_WAIT="$2"; shift 2 ;;
    --quick) ROUNDS=1 SECONDS_EACH=2 WARMUP=3 SWARM=500; shift ;;
    --soak) SOAK=$(duration_s "$2"); shift 2 ;;
    --soak-rate) SOAK_RATE="$2"; shift 2 ;;
    --soak-window) SOAK_WINDOW="$2"; shift 2 ;;
    --soak-sample) SOAK_SAMPLE="$2"; shift 2 ;;
    *) echo "bench: unknown option '$1'" >&2; exit 64 ;;
  esac
done
# The JVM options the launcher gives `./gateway run`; the relay gets the same ones, so flags are not what differs.
GW_OPTS=(${GATEWAY_RUN_OPTS:--Dsun.net.httpserver.nodelay=true})
CLIENT_KEY="bench-client-key"
AUTH="Authorization: Bearer $CLIENT_KEY"

log() { echo "bench: $*" >&2; }
want() { [[ ",$ONLY," == *",$1,"* ]]; }

# ---- what we start, and how it is stopped ----------------------------------------------------------------------
PIDS=()
WORK="$(mktemp -d /tmp/gateway-bench.XXXXXX)"
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'log "interrupted or over the time limit (${TOTAL_LIMIT}s): stopping"; exit 130' INT TERM

# ---- tools ------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  log "wrk not found: installing it with 'apt-get install -y wrk' (Debian package)"
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  timeout 300 $SUDO apt-get install -y -qq wrk >&2 \
    || { timeout 300 $SUDO apt-get update -qq >&2 && timeout 300 $SUDO apt-get install -y -qq wrk >&2; } \
    || { log "could not install wrk"; exit 1; }
fi
CLASSES="$BENCH/target/classes"
if [[ ! -d "$CLASSES" || -n "$(find "$BENCH/src" -name '*.java' -newer "$CLASSES" -print -quit)" \
      || "$JAR" -nt "$CLASSES" ]]; then
  log "compiling the bench sources"
  rm -rf "$CLASSES"; mkdir -p "$CLASSES"
  timeout 120 "$JAVA_HOME/bin/javac" -nowarn -d "$CLASSES" -cp "$JAR" $(find "$BENCH/src" -name '*.java')
fi

# Streams (f) and kept-alive connections (g) need a descriptor per connection on each side (client, gateway, and the
# gateway's upstream call): raise the limit for everything started from here.
want_fds=$(( (SWARM > KEEPALIVE ? SWARM : KEEPALIVE) * 3 + 1024 ))
if (( $(ulimit -n) < want_fds )); then
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  (( $(ulimit -n) >= want_fds )) || ulimit -Hn "$want_fds" 2>/dev/null && ulimit -n "$want_fds" 2>/dev/null || true
fi
log "open files limit: $(ulimit -n)"

# start NAME LOGFILE COMMAND...: starts it in the background, records its pid in PIDS and STARTED, and waits up to
# 30 s for it to print "listening".
start() {
  local name="$1" out="$2"; shift 2
  "$@" >"$out" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  STARTED=$pid
  for _ in $(seq 300); do
    if grep -q 'listening' "$out" 2>/dev/null; then return; fi
    kill -0 "$pid" 2>/dev/null || { log "$name exited at start:"; cat "$out" >&2; exit 1; }
    sleep 0.1
  done
  log "$name did not start within 30 s"; cat "$out" >&2; exit 1
}
port_of() { grep -o 'listening[^0-9]*[0-9.]*:\?[0-9]*' "$1" | head -1 | grep -o '[0-9]*$'; }

start fake "$WORK/fake.log" "$JAVA" -XX:+UseSerialGC -cp "$CLASSES" dev.aiproxy.bench.FakeUpstream 0 --slow-ms 120
FAKE_PID=$STARTED
FAKE_PORT=$(port_of "$WORK/fake.log")
if [[ -z "$SOAK" ]]; then
  start relay "$WORK/relay.log" "$JAVA" "${GW_OPTS[@]}" -cp "$CLASSES" dev.aiproxy.bench.BareRelay 0 \
    "http://127.0.0.1:$FAKE_PORT"
  RELAY_PID=$STARTED
  RELAY_PORT=$(port_of "$WORK/relay.log")
fi
export BENCH_FAKE_PORT=$FAKE_PORT BENCH_GATEWAY_PORT=0
# the gateway as it runs by default: every request's usage record kept in SQLite (here in the work folder)
export BENCH_USAGE_STORE="sqlite:$WORK/usage.db"
start gateway "$WORK/gateway.log" "$JAVA" "${GW_OPTS[@]}" -jar "$JAR" run --config "$BENCH/gateway-bench.yaml"
GW_PID=$STARTED
GW_PORT=$(grep -o 'listening on http://[0-9.]*:[0-9]*' "$WORK/gateway.log" | grep -o '[0-9]*$')
log "fake :$FAKE_PORT (pid $FAKE_PID), relay :${RELAY_PORT:-none} (pid ${RELAY_PID:-none}), gateway :$GW_PORT (pid $GW_PID)"

if [[ -n "$SOAK" ]]; then
  # the soak: the mixed load at a steady rate from three client keys (gateway-bench.yaml), then the summary
  mkdir -p "$BENCH/results"
  RESULTS="$BENCH/results/soak-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
  echo "{\"type\":\"meta\",\"nproc\":$(nproc),\"load_start\":$(cut -d' ' -f1 /proc/loadavg),\
\"gateway_opts\":\"${GW_OPTS[*]}\",\"soak_s\":$SOAK}" > "$RESULTS"
  timeout $(( SOAK + 300 )) "$JAVA" -Xmx512m -cp "$CLASSES" dev.aiproxy.bench.SoakDriver "http://127.0.0.1:$GW_PORT" \
    "$BENCH/bodies" "$GW_PID" "$SOAK" "$SOAK_RATE" "$SOAK_SAMPLE" "$SOAK_WINDOW" \
    "$CLIENT_KEY" bench-client-key-2 bench-client-key-3 >> "$RESULTS"
  echo "{\"type\":\"end\",\"load_end\":$(cut -d' ' -f1 /proc/loadavg),\
\"gateway_alive\":$(kill -0 "$GW_PID" 2>/dev/null && echo true || echo false)}" >> "$RESULTS"
  log "results: ${RESULTS#$ROOT/}"
  exit 0
fi

# ---- measuring --------------------------------------------------------------------------------------------------
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$BENCH/results"
RESULTS="$BENCH/results/$RUN_ID.jsonl"
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { local f; read -r -a f < "/proc/$1/stat"; echo $(( f[13] + f[14] )); }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
fake_stat() { curl -s --max-time 5 "http://127.0.0.1:$FAKE_PORT/stats${2:-}" | grep -o "\"$1\":[0-9]*" | cut -d: -f2; }
emit() { echo "$1" >> "$RESULTS"; }

load1() { cut -d' ' -f1 /proc/loadavg; }
if (( QUIET_WAIT > 0 )); then
  waited=0
  while awk -v l="$(load1)" 'BEGIN { exit !(l >= 0.5) }' && (( waited < QUIET_WAIT )); do
    (( waited % 60 == 0 )) && log "load average $(load1): waiting for it to fall below 0.5 (${waited}s of ${QUIET_WAIT}s)"
    sleep 10; waited=$((waited + 10))
  done
  log "measuring at load average $(load1)"
fi
emit "{\"type\":\"meta\",\"run\":\"$RUN_ID\",\"nproc\":$(nproc),\"mem_kb\":$(awk '/MemTotal/ {print $2}' /proc/meminfo),\
\"jdk\":\"$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ {print $2}')\",\
\"kernel\":\"$(uname -r)\",\"load_start\":$(load1),\"rounds\":$ROUNDS,\"seconds\":$SECONDS_EACH,\"gateway_opts\":\"${GW_OPTS[*]}\"}"

# One request through each, so idle RSS is of a server that has served (classes loaded), not of a bare JVM.
sleep 1
for url in "http://127.0.0.1:$RELAY_PORT" "http://127.0.0.1:$GW_PORT"; do
  curl -s --max-time 10 -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' "$url/v1/chat/completions" \
    --data-binary @"$BENCH/bodies/openai.json"
done
sleep 2
emit "{\"type\":\"memory\",\"phase\":\"idle\",\"gateway_rss_kb\":$(status_kb $GW_PID VmRSS),\
\"relay_rss_kb\":$(status_kb $RELAY_PID VmRSS)}"

# base URL and pid of a target
url_of() { case "$1" in direct) echo "http://127.0.0.1:$FAKE_PORT" ;; relay) echo "http://127.0.0.1:$RELAY_PORT" ;;
  gateway) echo "http://127.0.0.1:$GW_PORT" ;; esac; }
pid_of() { case "$1" in direct) echo "$FAKE_PID" ;; relay) echo "$RELAY_PID" ;; gateway) echo "$GW_PID" ;; esac; }
# the order of targets in a round: rotated each round, so none always runs first or last
order() { local t=(direct relay gateway); local i=$(( ($1 - 1) % 3 )); echo "${t[@]:$i} ${t[@]:0:$i}"; }

# Scenario table: id, the gateway's path and body, the direct (and relay) path and body, extra headers for direct.
declare -A GW_PATH GW_BODY UP_PATH UP_BODY
GW_PATH[a]=/v1/chat/completions; GW_BODY[a]=openai.json;         UP_PATH[a]=/v1/chat/completions; UP_BODY[a]=openai.json
GW_PATH[b]=/v1/chat/completions; GW_BODY[b]=openai-to-claude.json; UP_PATH[b]=/v1/messages;      UP_BODY[b]=anthropic-direct.json
GW_PATH[c]=/v1/messages;         GW_BODY[c]=anthropic-to-gemini.json
UP_PATH[c]=/v1beta/models/gemini-2.5-flash:generateContent;      UP_BODY[c]=gemini-direct.json
# (h): the request of (a) for a model the gateway's response cache keeps (bench-cached): after the first, every
# request is a hit answered from memory; direct and relay call the upstream as in (a)
GW_PATH[h]=/v1/chat/completions; GW_BODY[h]=openai-cached.json;  UP_PATH[h]=/v1/chat/completions; UP_BODY[h]=openai.json

# wrk_run SCENARIO TARGET CONNS SECONDS: prints wrk's JSON line
wrk_run() {
  local s="$1" t="$2" c="$3" d="$4" path body
  if [[ "$t" == gateway ]]; then path="${GW_PATH[$s]}"; body="${GW_BODY[$s]}"; else path="${UP_PATH[$s]}"; body="${UP_BODY[$s]}"; fi
  timeout $((d + 30)) wrk -t1 -c"$c" -d"${d}s" --timeout 10s -s "$BENCH/wrk/post.lua" "$(url_of "$t")$path" -- \
    "$BENCH/bodies/$body" "$AUTH" | tail -1
}

measure_wrk() {  # SCENARIO TARGET ROUND
  local s="$1" t="$2" r="$3" pid ticks0 ticks1 conns0 conns1 out
  pid=$(pid_of "$t")
  ticks0=$(cpu_ticks "$pid"); conns0=$(fake_stat connections)
  out=$(wrk_run "$s" "$t" 50 "$SECONDS_EACH")
  ticks1=$(cpu_ticks "$pid"); conns1=$(fake_stat connections)
  emit "{\"scenario\":\"$s\",\"round\":$r,\"target\":\"$t\",\"conns\":50,\"cpu_us\":$(( (ticks1 - ticks0) * 1000000 / CLK_TCK )),\
\"rss_kb\":$(status_kb "$pid" VmRSS),\"upstream_conns_opened\":$((conns1 - conns0)),\"wrk\":$out}"
  out=$(wrk_run "$s" "$t" 1 "$SECONDS_EACH")
  emit "{\"scenario\":\"$s\",\"round\":$r,\"target\":\"$t\",\"conns\":1,\"wrk\":$out}"
}

for s in a b c h; do
  want "$s" || continue
  log "($s) warm-up: ${WARMUP}s per target"
  for t in direct relay gateway; do wrk_run "$s" "$t" 50 "$WARMUP" >/dev/null; wrk_run "$s" "$t" 1 2 >/dev/null; done
done
for r in $(seq "$ROUNDS"); do
  for s in a b c h; do
    want "$s" || continue
    log "($s) round $r/$ROUNDS"
    for t in $(order "$r"); do measure_wrk "$s" "$t" "$r"; done
  done
done
emit "{\"type\":\"memory\",\"phase\":\"load\",\"gateway_rss_kb\":$(status_kb $GW_PID VmRSS),\
\"gateway_hwm_kb\":$(status_kb $GW_PID VmHWM),\"relay_rss_kb\":$(status_kb $RELAY_PID VmRSS),\
\"relay_hwm_kb\":$(status_kb $RELAY_PID VmHWM)}"

if want d; then
  # pass, trans: today's 50-delta streams; real, real-trans: an OpenAI stream shaped like the real API's (one word a
  # chunk, finish and usage chunks of their own: FakeBodies), passed through, and translated for an Anthropic client
  for kind in pass trans real real-trans; do
    case $kind in
      pass) gw_path=/v1/chat/completions gw_body=openai-stream.json up_path=/v1/chat/completions up_body=openai-stream.json ;;
      trans) gw_path=/v1/chat/completions gw_body=openai-to-claude-stream.json up_path=/v1/messages
             up_body=anthropic-direct.json ;;
      real) gw_path=/v1/chat/completions gw_body=openai-real-stream.json up_path=/real/v1/chat/completions
            up_body=openai-real-stream.json ;;
      real-trans) gw_path=/v1/messages gw_body=anthropic-to-real-stream.json up_path=/real/v1/chat/completions
                  up_body=openai-real-stream.json ;;
    esac
    # passthrough streams also at 20 connections (issue 18: no more added than the relay's at 1 and at 20)
    conns_list="1"; [[ $kind == pass || $kind == real ]] && conns_list="1 20"
    for r in $(seq 0 "$ROUNDS"); do
      (( r == 0 )) && log "(d) $kind warm-up" || log "(d) $kind round $r/$ROUNDS"
      for t in $(order "$(( r == 0 ? 1 : r ))"); do
        if [[ "$t" == gateway ]]; then path=$gw_path body=$gw_body; else path=$up_path body=$up_body; fi
        secs=$SECONDS_EACH; (( r == 0 )) && secs=$WARMUP
        for conns in $conns_list; do
          out=$(timeout $((secs + 40)) "$JAVA" -XX:+UseSerialGC -cp "$CLASSES" dev.aiproxy.bench.StreamProbe \
            "$(url_of "$t")$path" "$BENCH/bodies/$body" 1 "$secs" "$conns" "$AUTH" "Accept: text/event-stream")
          (( r == 0 )) || emit "{\"scenario\":\"d-$kind\",\"round\":$r,\"target\":\"$t\",\"conns\":$conns,\"stream\":$out}"
          (( r == 0 )) && break   # one warm-up at 1 connection is enough
        done
      done
    done
  done
fi

if want e; then
  log "(e) in-process Gateway vs HttpClient: $ROUNDS rounds"
  cfg="$WORK/inprocess.yaml"
  sed "s/\${BENCH_GATEWAY_PORT}/0/; s/\${BENCH_FAKE_PORT}/$FAKE_PORT/g" "$BENCH/gateway-bench.yaml" > "$cfg"
  timeout $(( ROUNDS * SECONDS_EACH * 4 + WARMUP * 2 + 60 )) "$JAVA" "${GW_OPTS[@]}" -cp "$CLASSES:$JAR" \
    dev.aiproxy.bench.InProcessBench "$cfg" "http://127.0.0.1:$FAKE_PORT/v1/chat/completions" \
    "$BENCH/bodies/openai.json" "$WARMUP" "$SECONDS_EACH" "$ROUNDS" 50 >> "$RESULTS"
fi

if want g; then
  # Many clients that keep their connections open between requests (the JDK server used to drop every one past its
  # 200th idle connection): the passthrough of (a), one wrk thread, every connection busy back to back. The figure
  # that matters is errors, expected 0; throughput at this many connections on a small machine is not a target.
  secs=$(( SECONDS_EACH > 10 ? SECONDS_EACH : 10 ))
  log "(g) $KEEPALIVE kept-alive connections to the gateway, passthrough, ${secs}s"
  conns0=$(fake_stat connections); ticks0=$(cpu_ticks "$GW_PID")
  out=$(timeout $((secs + 60)) wrk -t1 -c"$KEEPALIVE" -d"${secs}s" --timeout 10s -s "$BENCH/wrk/post.lua" \
    "$(url_of gateway)${GW_PATH[a]}" -- "$BENCH/bodies/${GW_BODY[a]}" "$AUTH" | tail -1)
  ticks1=$(cpu_ticks "$GW_PID"); conns1=$(fake_stat connections)
  emit "{\"scenario\":\"g\",\"target\":\"gateway\",\"conns\":$KEEPALIVE,\"seconds\":$secs,\
\"cpu_us\":$(( (ticks1 - ticks0) * 1000000 / CLK_TCK )),\"hwm_kb\":$(status_kb "$GW_PID" VmHWM),\
\"threads\":$(status_kb "$GW_PID" Threads),\"upstream_conns_opened\":$((conns1 - conns0)),\"wrk\":$out}"
fi

if want f; then
  for t in relay gateway; do
    log "(f) $SWARM concurrent streams through the $t"
    path=/v1/chat/completions; [[ "$t" == relay ]] && path=/slow/v1/chat/completions
    body=openai-slow-stream.json; [[ "$t" == relay ]] && body=openai-stream.json
    fake_stat peak_streams '?reset' >/dev/null
    pid=$(pid_of "$t"); ticks0=$(cpu_ticks "$pid")
    out=$(timeout 150 "$JAVA" -XX:+UseSerialGC -cp "$CLASSES" dev.aiproxy.bench.StreamSwarm "$(url_of "$t")$path" \
      "$BENCH/bodies/$body" "$SWARM" 1500 53 120 "$AUTH" "Accept: text/event-stream")
    ticks1=$(cpu_ticks "$pid")
    emit "{\"scenario\":\"f\",\"target\":\"$t\",\"upstream_peak_open\":$(fake_stat peak_streams),\
\"cpu_us\":$(( (ticks1 - ticks0) * 1000000 / CLK_TCK )),\"hwm_kb\":$(status_kb "$pid" VmHWM),\
\"threads\":$(status_kb "$pid" Threads),\"swarm\":$out}"
  done
fi

emit "{\"type\":\"end\",\"load_end\":$(load1),\"gateway_alive\":$(kill -0 "$GW_PID" 2>/dev/null && echo true || echo false)}"
cp "$RESULTS" "$BENCH/results/latest.jsonl"
"$JAVA" -cp "$CLASSES" dev.aiproxy.bench.Report "$RESULTS"
log "results: ${RESULTS#$ROOT/}"
