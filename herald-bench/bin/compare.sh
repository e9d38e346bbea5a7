#!/usr/bin/env bash
# Runs one scenario against Herald, nchan and the floor side by side, with each load client, under the
# same conditions for every server, and writes one comparison table.
#   herald-bench/bin/compare.sh <fanout|channels|idle|scaleout> [extra bench options, e.g. --rates 10,20]
#
# Same conditions for every server (see herald-bench/README.md, "Fairness"):
#   - servers (and their redis) pinned to SERVER_CPUS, load client + publisher + coordinator to CLIENT_CPUS
#   - Herald gets as many I/O threads as nginx has workers (one)
#   - the same NICE (if any) for every process
#   - in fanout/scaleout no ServiceStack client heartbeats (nchan and the floor have none); the idle
#     scenario measures them: Herald runs with and without them, plus the minimal-request floor
# Output: every run appends to herald-bench/results/results.jsonl tagged with compareId=<scenario>-<UTC time>;
# the table goes to herald-bench/results/compare-<id>.md and to stdout, the full console log to compare-<id>.log.
#
# Environment:
#   CLIENTS="native java"            load clients, each runs every server (default both)
#   SERVERS="floor nchan herald"     servers, in this order per client (floor is skipped for channels)
#   SERVER_CPUS=1 CLIENT_CPUS=0      the split; PIN=0 runs everything unpinned
#   HERALD_IO_THREADS=1              Herald's I/O threads
#   HERALD_HEARTBEATS=0|1            fanout/scaleout: client heartbeats to Herald (default 0)
#   FLOOR_URING=1                    also run the floor with io_uring sends ("floor-uring")
#   NICE=-10                         nice for everything (default: none)
#   PROFILE_DIR=dir                  JFR per rate step of Herald (adds profiler overhead: not for the figures)
#   HB_FLOOR_SECONDS=30              idle: seconds of the minimal-request floor per variant (0: no floor)
#   IDLE_VARIANTS="hb nohb"          idle: Herald with client heartbeats (hb), without (nohb), or both
#   RESULTS_DIR=dir                  where results.jsonl, the log and the table go (default herald-bench/results)
# Herald variants (as server names in SERVERS, each measured like "herald"):
#   herald-before    the servers run HERALD_BEFORE_JAR (an older herald-bench.jar): before/after a change
#   herald-jetty, herald-tomcat   the same endpoints through herald-servlet in embedded Jetty 12.1 / Tomcat 11.0
#   herald-pipeline  Netty without the direct socket writes (-Dherald.netty.directWrites=false)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/herald-bench.jar"
scenario="${1:?scenario: fanout|channels|idle|scaleout}"; shift
case "$scenario" in fanout|channels|idle|scaleout) ;; *) echo "compare: unknown scenario $scenario" >&2; exit 2;; esac
[[ -f "$jar" && "${BUILD:-0}" != "1" ]] || (cd "$root" && mvn -q -pl herald-bench -am package -Dmaven.test.skip=true)
NEED_FLOOR=1 "$here/bin/build-native.sh"

id="$scenario-$(date -u +%Y%m%dT%H%M%S)"
clients="${CLIENTS:-native java}"
servers="${SERVERS:-floor nchan herald}"
[[ "${FLOOR_URING:-0}" == "1" ]] && servers="${servers/floor/floor floor-uring}"
if [[ "${PIN:-1}" == "1" ]]; then
  export SERVER_CPUS="${SERVER_CPUS:-1}" CLIENT_CPUS="${CLIENT_CPUS:-0}"
else
  unset SERVER_CPUS CLIENT_CPUS
fi
io="${HERALD_IO_THREADS:-1}"
results="${RESULTS_DIR:-$here/results}"
mkdir -p "$results"
results="$(cd "$results" && pwd)"
log="$results/compare-$id.log"
echo "compare $id: clients [$clients], servers [$servers], server CPUs ${SERVER_CPUS:-any}, client CPUs ${CLIENT_CPUS:-any}, Herald I/O threads $io, nice ${NICE:-0}" | tee "$log"

run() { # run LABEL CLIENT COMMAND...
  local label="$1" client="$2"; shift 2
  echo "---- $label with the $client client" | tee -a "$log"
  "$@" --client "$client" --label "$label" --compare-id "$id" --results "$results" 2>&1 | tee -a "$log" || echo "compare: $label/$client failed" | tee -a "$log"
}

for client in $clients; do
  for server in $servers; do
    case "$server" in
      floor|floor-uring)
        [[ "$scenario" == "channels" ]] && { echo "---- floor skipped: it has no channels" | tee -a "$log"; continue; }
        uring=false; [[ "$server" == "floor-uring" ]] && uring=true
        run "$server" "$client" "$here/bin/bench.sh" "$scenario" floor --floor-uring "$uring" "$@" ;;
      nchan)
        run nchan "$client" "$here/bin/bench.sh" "$scenario" nchan "$@" ;;
      herald|herald-*)
        variant=(); case "$server" in
          herald) ;;
          herald-before) variant=(HERALD_JAR="${HERALD_BEFORE_JAR:?HERALD_BEFORE_JAR: the older herald-bench.jar}") ;;
          herald-jetty|herald-tomcat) variant=(SERVER_OPTS="--transport=${server#herald-} --stream-threads=$io ${SERVER_OPTS:-}") ;;
          herald-pipeline) variant=(SERVER_JAVA_OPTS="-Dherald.netty.directWrites=false ${SERVER_JAVA_OPTS:-}") ;;
          *) echo "compare: unknown Herald variant $server" >&2; exit 2 ;;
        esac
        if [[ "$scenario" == "idle" ]]; then
          if [[ " ${IDLE_VARIANTS:-hb nohb} " == *" hb "* ]]; then
            run "$server" "$client" env "${variant[@]}" IO_THREADS="$io" HEARTBEATS=1 "$here/bin/bench-herald.sh" idle "$@"
          fi
          if [[ " ${IDLE_VARIANTS:-hb nohb} " == *" nohb "* ]]; then
            run "$server-nohb" "$client" env "${variant[@]}" IO_THREADS="$io" HEARTBEATS=0 "$here/bin/bench-herald.sh" idle "$@"
          fi
        else
          run "$server" "$client" env "${variant[@]}" IO_THREADS="$io" HEARTBEATS="${HERALD_HEARTBEATS:-0}" "$here/bin/bench-herald.sh" "$scenario" "$@"
        fi ;;
      *) echo "compare: unknown server $server" >&2; exit 2 ;;
    esac
  done
done

if [[ "$scenario" == "idle" && "${HB_FLOOR_SECONDS:-30}" != "0" ]]; then
  # the floor of a heartbeat: a minimal request at the idle run's heartbeat rate (subscribers / 10 s)
  subs=19000; prev=""
  for arg in "$@"; do [[ "$prev" == "--subscribers" ]] && subs="$arg"; prev="$arg"; done
  "$here/bin/heartbeat-floor.sh" --rate $((subs / 10)) --compare-id "$id" --results "$results" \
    --seconds "${HB_FLOOR_SECONDS:-30}" 2>&1 | tee -a "$log"
fi

cd "$root"
java -jar "$jar" table --compare-id "$id" --results "$results" --out "$results/compare-$id.md" | tee -a "$log"
