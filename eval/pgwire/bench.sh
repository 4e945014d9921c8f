#!/usr/bin/env bash
# The PostgreSQL endpoint under load next to the REST endpoint, on one statement with a random
# parameter (orders-by-customer.*): pgbench (simple, extended and prepared protocol) against
# sextant.pgwire, wrk against POST /api/v1/sql/execute; same user, same clients, same duration.
#
# Needs a running server (java -jar target/quarkus-app/quarkus-run.jar), pgbench and wrk.
# Usage: bash eval/pgwire/bench.sh [seconds=30] [clients=16] [user=elena] [password=demo]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-30}
clients=${2:-16}
user=${3:-elena}
password=${4:-demo}
pg_port=${SEXTANT_PGWIRE_PORT:-5433}
http=${SEXTANT_URL:-http://127.0.0.1:8080}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '| endpoint | clients | seconds | statements/s | p50 ms | p99 ms | failed |\n|---|---:|---:|---:|---:|---:|---:|\n'
for mode in simple extended prepared; do
  PGPASSWORD=$password pgbench -n -c "$clients" -j 2 -T "$seconds" -M "$mode" -f orders-by-customer.sql \
    --log --log-prefix="$work/$mode" -h 127.0.0.1 -p "$pg_port" -U "$user" acme > "$work/$mode.out" 2>&1 || true
  tps=$(grep -Eo 'tps = [0-9.]+' "$work/$mode.out" | head -1 | awk '{print $3}')
  failed=$(grep -Eo 'number of failed transactions: [0-9]+' "$work/$mode.out" | awk '{print $5}')
  read -r p50 p99 < <(cat "$work/$mode".* 2>/dev/null | awk '{print $3}' | sort -n | awk '
    { v[NR] = $1 } END { if (NR == 0) { print "- -"; exit } printf "%.1f %.1f\n", v[int(NR*0.5)+1]/1000, v[int(NR*0.99)+1]/1000 }')
  printf '| pgwire (%s) | %s | %s | %s | %s | %s | %s |\n' "$mode" "$clients" "$seconds" "${tps:-error}" "$p50" "$p99" "${failed:-0}"
  grep -q "tps = " "$work/$mode.out" || sed 's/^/    /' "$work/$mode.out" | head -5
done

SEXTANT_BASIC=$(printf '%s:%s' "$user" "$password" | base64) \
  wrk -t2 -c"$clients" -d"${seconds}s" --latency -s orders-by-customer.lua "$http" > "$work/wrk.out" 2>&1 || true
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } printf "%.1f", v }' "$work/wrk.out"; }
errors=$(awk '/Non-2xx/ {print $5}' "$work/wrk.out")
printf '| REST /api/v1/sql/execute | %s | %s | %s | %s | %s | %s |\n' "$clients" "$seconds" "${rps:-error}" "$(ms 50%)" "$(ms 99%)" "${errors:-0}"
