#!/usr/bin/env bash
# Load on the three endpoint mixes with wrk from a second process: the verified path of
# /api/v1/ask, /api/v1/search and /api/v1/sql/execute, each for SECONDS at CLIENTS connections,
# authenticated with HTTP Basic as a demo user. Starts the packaged server on a fresh data
# directory unless --url names a running one. Prints requests/s, p50, p99 and errors per mix.
#
# ./mvnw -q package -DskipTests && ./mvnw -q exec:exec@load [-Dload.args="--seconds 60 --clients 50"]
# bash eval/load/load.sh [--seconds 60] [--clients 50] [--user noah] [--password demo] [--url http://host:port]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds=60 clients=50 user=noah password=demo url=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --user) user=$2; shift 2 ;;
    --password) password=$2; shift 2 ;;
    --url) url=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 2; }

server=""
work=$(mktemp -d)
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
if [ -z "$url" ]; then
  jar="$root/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || { echo "build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
  port=${SEXTANT_LOAD_PORT:-18080}
  java=${JAVA_HOME:+$JAVA_HOME/bin/}java
  # the load is one user: the per-user rate limits (sextant.limits.*) are off for this server
  "$java" --enable-native-access=ALL-UNNAMED -Dquarkus.http.port="$port" -Dsextant.pgwire.port=0 \
    -Dsextant.limits.ask-per-minute=0 -Dsextant.limits.search-per-minute=0 -Dsextant.limits.sql-per-minute=0 \
    -Dsextant.data-dir="$work/data" -Dquarkus.log.level=WARN -jar "$jar" > "$work/server.log" 2>&1 &
  server=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do
    curl -sf "$url/q/health/ready" > /dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 1
  done
fi
export SEXTANT_BASIC=$(printf '%s:%s' "$user" "$password" | base64)
export SEXTANT_LOAD_DIR="$here"

ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } printf "%.0f", v }' "$2"; }

printf '| mix | clients | seconds | requests/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|---:|\n'
for mix in ask-verified search sql; do
  # a short warm-up pass (JIT, caches) that is not reported
  wrk -t2 -c"$clients" -d5s -s "$here/$mix.lua" "$url" > /dev/null 2>&1 || true
  wrk -t2 -c"$clients" -d"${seconds}s" --timeout 10s --latency -s "$here/$mix.lua" "$url" > "$work/$mix.out" 2>&1 || true
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/$mix.out")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$work/$mix.out")
  socket=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$work/$mix.out")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$mix" "$clients" "$seconds" "${rps:-error}" \
    "$(ms 50% "$work/$mix.out")" "$(ms 99% "$work/$mix.out")" "$(( ${non2xx:-0} + ${socket:-0} ))"
done
