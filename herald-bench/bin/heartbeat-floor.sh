#!/usr/bin/env bash
# The floor of a heartbeat: what one small HTTP request costs on this stack, at the heartbeat rate of
# the idle scenario (19,000 clients every 10 s = 1,900 POST/s), to set beside what a ServiceStack
# heartbeat costs Herald. Starts io.herald.bench.HeartbeatFloorServer in each mode (herald: one
# application route answering 200 with no body, on Herald's worker pool; herald-inline: the same route
# on the I/O thread; netty: plain Netty), drives it with the reqload subcommand (pipelined keep-alive
# POSTs, two connections per source address, like the load client's heartbeats), stops it.
#   herald-bench/bin/heartbeat-floor.sh [--rate 1900] [--seconds 30] [--compare-id ID]
# Environment: MODES="herald herald-inline netty"; SERVER_CPUS / CLIENT_CPUS / NICE as for bench.sh;
#              IO_THREADS (default 1); SERVER_HEAP (default 256m); HERALD_JAR runs the servers from another
#              herald-bench.jar (before/after a change) and LABEL_SUFFIX tells its result lines apart.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/herald-bench.jar"
[[ -f "$jar" && "${BUILD:-0}" != "1" ]] || (cd "$root" && mvn -q -pl herald-bench -am package -Dmaven.test.skip=true)
rate=1900
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) rate="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
spin=(); [[ -n "${SERVER_CPUS:-}" ]] && spin=(taskset -c "$SERVER_CPUS")
cpin=(); [[ -n "${CLIENT_CPUS:-}" ]] && cpin=(taskset -c "$CLIENT_CPUS")
nice=(); [[ -n "${NICE:-}" ]] && nice=(nice -n "$NICE")
work="$(mktemp -d /tmp/herald-hbfloor.XXXXXX)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
port=18090
for mode in ${MODES:-herald herald-inline netty}; do
  heap="${SERVER_HEAP:-256m}"
  ${nice[@]+"${nice[@]}"} ${spin[@]+"${spin[@]}"} java -Xms"$heap" -Xmx"$heap" -XX:+AlwaysPreTouch -cp "${HERALD_JAR:-$jar}" \
    io.herald.bench.HeartbeatFloorServer --port="$port" --mode="$mode" --io-threads="${IO_THREADS:-1}" >"$work/$mode.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do grep -q '^pid=' "$work/$mode.log" 2>/dev/null && break; sleep 0.1; done
  grep -q '^pid=' "$work/$mode.log" || { cat "$work/$mode.log"; exit 1; }
  (cd "$root" && ${nice[@]+"${nice[@]}"} ${cpin[@]+"${cpin[@]}"} java -Xmx256m -XX:+UseSerialGC -jar "$jar" reqload \
    --url "http://127.0.0.1:$port" --path /bench/ping --rate "$rate" --pids "$pid" --label "route-floor-$mode${LABEL_SUFFIX:-}" \
    --results "$here/results" ${args[@]+"${args[@]}"})
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
done
