#!/usr/bin/env bash
# Runs one benchmark scenario (or "all" four, one after the other) against one target.
#   herald-bench/bin/bench.sh <fanout|channels|idle|scaleout|all> <nchan|floor|herald|external> [extra options]
# Extra options go to the scenario runner (see herald-bench/README.md), e.g. --subscribers 1000,
# --client native (the C load client instead of the Java one).
# Environment: NICE=<n>        runs the whole benchmark (server children included) under `nice -n <n>`
#              CLIENT_CPUS=<l> pins the coordinator, publisher and load-client processes (taskset -c <l>)
#              SERVER_CPUS=<l> pins the servers the harness starts itself (nchan, floor, redis)
#              JAVA_OPTS for the coordinator JVM; BUILD=1 rebuilds the jar first.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"     # herald-bench/
root="$(cd "$here/.." && pwd)"
jar="$here/target/herald-bench.jar"
if [[ $# -lt 2 ]]; then
  sed -n '2,11p' "$0"; exit 2
fi
scenario="$1"; target="$2"; shift 2
if [[ ! -f "$jar" || "${BUILD:-0}" == "1" ]]; then
  (cd "$root" && mvn -q -pl herald-bench -am package -Dmaven.test.skip=true)  # no test compile of other modules
fi
need_floor=0; [[ "$target" == "floor" ]] && need_floor=1
NEED_FLOOR=$need_floor "$here/bin/build-native.sh" >&2
if [[ "$scenario" == "all" ]]; then
  for s in fanout channels idle scaleout; do BUILD=0 "$0" "$s" "$target" "$@"; done
  exit 0
fi
prefix=()
if [[ -n "${NICE:-}" ]]; then prefix+=(nice -n "$NICE"); fi
if [[ -n "${CLIENT_CPUS:-}" ]]; then prefix+=(taskset -c "$CLIENT_CPUS"); fi
extra=()
if [[ -n "${SERVER_CPUS:-}" ]]; then extra+=(--server-cpus "$SERVER_CPUS"); fi
cd "$root"
exec "${prefix[@]}" java ${JAVA_OPTS:--Xmx512m -XX:+UseSerialGC} -jar "$jar" \
  scenario "$scenario" --target "$target" --results "$here/results" --native-dir "$here/target/native" \
  ${extra[@]+"${extra[@]}"} "$@"
