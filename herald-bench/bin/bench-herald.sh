#!/usr/bin/env bash
# Runs one benchmark scenario against Herald: starts the Herald bench server(s) (and, for scaleout, a
# redis-server they share), runs herald-bench/bin/bench.sh against them, stops everything.
#   herald-bench/bin/bench-herald.sh <fanout|channels|idle|scaleout> [extra bench options]
# Environment:
#   SERVER_HEAP   heap of each server JVM, fixed with -Xms=-Xmx and pre-touched (default 1g), so memory
#                 per connection is not heap growth
#   SERVER_OPTS   extra server options, e.g. "--history=0" (history off) or "--io-threads=1"
#   NICE          as for bench.sh (applied to the servers, redis and the load client alike)
#   SERVER_CPUS   pins the server JVMs and redis (taskset -c); CLIENT_CPUS pins the load client (bench.sh)
#   IO_THREADS    the servers' --io-threads (default: the JVM's available processors, 1 when pinned to one CPU)
#   HEARTBEATS=0  no client heartbeats: the servers get --idle-timeout-s=3600, the load client --heartbeats false
#   SERVER_JAVA_OPTS  extra JVM options of the servers (e.g. -XX:+UseParallelGC)
#   PROFILE_DIR   take a JFR recording of the (first) server per rate step into this directory and print
#                 its top frames (bench option --jfr)
#   HERALD_JAR    the jar the servers run (default: this build's herald-bench.jar), e.g. an older build for a
#                 side-by-side comparison; the load client always runs this build
#   REDIS_CLUSTER=1  scaleout only: the servers share a three-master Redis Cluster (ports 16391-16393,
#                 joined with redis-cli --cluster create) instead of one redis-server
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/herald-bench.jar"
scenario="${1:?scenario: fanout|channels|idle|scaleout}"; shift
[[ -f "$jar" && "${BUILD:-0}" != "1" ]] || (cd "$root" && mvn -q -pl herald-bench -am package -DskipTests)

servers=1; redis_args=""
pin=(); [[ -n "${SERVER_CPUS:-}" ]] && pin=(taskset -c "$SERVER_CPUS")
server_opts="${SERVER_OPTS:-}"; bench_extra=()
[[ -n "${IO_THREADS:-}" ]] && server_opts="--io-threads=$IO_THREADS $server_opts"
if [[ "${HEARTBEATS:-1}" == "0" ]]; then server_opts="--idle-timeout-s=3600 $server_opts"; bench_extra+=(--heartbeats false); fi
[[ -n "${PROFILE_DIR:-}" ]] && bench_extra+=(--jfr "$PROFILE_DIR")
if [[ "$scenario" == "scaleout" ]]; then servers=3; fi
pids=(); urls=(); redis_pids=()
work="$(mktemp -d /tmp/herald-bench-run.XXXXXX)"
cleanup() {
  for p in "${pids[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
  for p in "${redis_pids[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

if [[ $servers -gt 1 && "${REDIS_CLUSTER:-0}" == "1" ]]; then
  nodes=()
  for port in 16391 16392 16393; do
    mkdir -p "$work/redis-$port"
    (cd "$work/redis-$port" && exec ${pin[@]+"${pin[@]}"} redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-port $((port + 100)) \
      --dir "$work/redis-$port" >"$work/redis-$port.log" 2>&1) &
    redis_pids+=($!)
    for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    nodes+=("127.0.0.1:$port")
  done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$work/cluster-create.log"
  for _ in $(seq 100); do redis-cli -p 16391 cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1; done
  redis_args="--redis=redis-cluster://$(IFS=,; echo "${nodes[*]}")"
elif [[ $servers -gt 1 ]]; then
  ${pin[@]+"${pin[@]}"} redis-server --port 16391 --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
  redis_pids+=($!)
  for _ in $(seq 50); do redis-cli -p 16391 ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis_args="--redis=redis://127.0.0.1:16391"
fi

heap="${SERVER_HEAP:-1g}"
for i in $(seq 0 $((servers - 1))); do
  port=$((18080 + i))
  ${NICE:+nice -n "$NICE"} ${pin[@]+"${pin[@]}"} java -Xms"$heap" -Xmx"$heap" -XX:+AlwaysPreTouch ${SERVER_JAVA_OPTS:-} \
    -cp "${HERALD_JAR:-$jar}" io.herald.bench.HeraldBenchServer --port="$port" $redis_args $server_opts >"$work/server-$i.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do grep -q '^pid=' "$work/server-$i.log" 2>/dev/null && break; sleep 0.1; done
  grep '^pid=' "$work/server-$i.log" >/dev/null || { cat "$work/server-$i.log"; exit 1; }
  urls+=("http://127.0.0.1:$port")
done
joined_urls=$(IFS=,; echo "${urls[*]}")
joined_pids=$(IFS=,; echo "${pids[*]},${redis_pids[*]:-}" | sed 's/,$//')
echo "Herald servers: $joined_urls (pids $joined_pids)"
"$here/bin/bench.sh" "$scenario" herald --urls "$joined_urls" --pids "$joined_pids" --servers "$servers" \
  ${bench_extra[@]+"${bench_extra[@]}"} "$@"
