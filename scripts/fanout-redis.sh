#!/usr/bin/env bash
# Three Herald Chat instances that share their events through Redis, as ServiceStack's
# test-fanout-redis-events.sh does: http://localhost:1337, :2337 and :3337, each with its own background.
# Chat in one tab per port and watch the messages and the users list cross servers.
#
# Usage: scripts/fanout-redis.sh            (Ctrl-C stops everything this script started)
# Env:   REDIS_PORT (default 6379)  a redis-server already answering there is used as it is;
#                                   otherwise the script starts its own (no persistence) and stops it on exit.
#        JAVA (default java)
# Builds herald-chat/target/herald-chat.jar first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

REDIS_PORT="${REDIS_PORT:-6379}"
JAVA="${JAVA:-java}"
JAR=herald-chat/target/herald-chat.jar
PORTS=(1337 2337 3337)
BACKGROUNDS=(/img/bg.svg /img/bg-alt.svg /img/bg-green.svg)

pids=()
redis_pid=""
work="$(mktemp -d -t herald-fanout-XXXXXX)"

cleanup() {
  trap - EXIT INT TERM
  # the chat instances first, our redis-server (always pids[0] when we started one) last
  local chats=("${pids[@]}")
  [ -z "${redis_pid:-}" ] || chats=("${pids[@]:1}")
  if [ ${#chats[@]} -gt 0 ]; then
    echo "fanout-redis: stopping ${#chats[@]} chat instance(s)"
    kill "${chats[@]}" 2>/dev/null || true
    wait "${chats[@]}" 2>/dev/null || true
  fi
  if [ -n "${redis_pid:-}" ]; then
    echo "fanout-redis: stopping redis-server"
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# PING over bash's /dev/tcp, so redis-cli is not needed
redis_answers() {
  local reply
  reply="$( { exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" && printf 'PING\r\n' >&3 && read -r -t 2 line <&3 && echo "$line"; } 2>/dev/null || true)"
  [[ "$reply" == +PONG* || "$reply" == -NOAUTH* ]]
}

if [ ! -f "$JAR" ]; then
  echo "fanout-redis: building $JAR"
  mvn -q -pl herald-chat -am package -DskipTests
fi

if redis_answers; then
  echo "fanout-redis: using the redis-server on port $REDIS_PORT"
else
  command -v redis-server >/dev/null || { echo "fanout-redis: redis-server not found (apt-get install redis-server)" >&2; exit 2; }
  echo "fanout-redis: starting redis-server on port $REDIS_PORT"
  # '-::1' binds IPv6 loopback too when the host has it, so 'localhost' works either way
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 -::1 --save "" --appendonly no --dir "$work" \
    --logfile "$work/redis.log" &
  redis_pid=$!
  pids+=("$redis_pid")
  for _ in $(seq 1 50); do redis_answers && break; sleep 0.1; done
  redis_answers || { echo "fanout-redis: redis-server did not start, see its log:" >&2; tail -5 "$work/redis.log" >&2; exit 1; }
fi

redis_flag="--redis=localhost"
[ "$REDIS_PORT" = 6379 ] || redis_flag="--redis=localhost:$REDIS_PORT"

for i in "${!PORTS[@]}"; do
  port="${PORTS[$i]}"
  # each instance gets its own settings file, so none of them writes ./appsettings.txt
  "$JAVA" -jar "$JAR" --port="$port" "$redis_flag" --background="${BACKGROUNDS[$i]}" \
    --settings="$work/appsettings-$port.txt" > >(sed -u "s/^/[$port] /") 2>&1 &
  pids+=($!) # java's own pid, so cleanup stops the JVM and not just a pipe
done

for port in "${PORTS[@]}"; do
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
  done
done
echo "fanout-redis: open http://localhost:1337/ http://localhost:2337/ http://localhost:3337/ (Ctrl-C stops all)"
# if any process ends by itself (a port taken, Redis gone), stop the others too
status=0
wait -n "${pids[@]}" || status=$?
echo "fanout-redis: a process exited (status $status); stopping the rest" >&2
exit "$status"
