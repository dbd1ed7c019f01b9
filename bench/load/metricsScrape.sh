#!/bin/bash
# /metrics scrape time, one process against `serve --workers 2`, alternating (issue #16 item 3).
# Usage: DATABASE_URL=postgres://… bench/load/metricsScrape.sh [ROUNDS] [SCRAPES]
# Each round starts the built server both ways on the same scratch database (migrated by the first
# start), sends 200 requests over four routes (new connections: both workers serve them), then times
# SCRAPES scrapes of the metrics port with curl; prints the median and p90 of each, and the answer's size.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-2}
SCRAPES=${2:-40}
DATA=$(mktemp -d)
PORT=${PORT:-38511}
MPORT=${MPORT:-38512}
trap 'rm -rf "$DATA"' EXIT
one() {
  local workers=$1
  local args=(serve)
  [ "$workers" -gt 1 ] && args+=(--workers "$workers")
  HOMECOMING_DATA=$DATA PORT=$PORT HOST=127.0.0.1 HOMECOMING_METRICS_PORT=$MPORT LOG_LEVEL=warn \
    node packages/server/bin/homecoming.js "${args[@]}" >"$DATA/log" 2>&1 &
  local pid=$!
  until grep -q "is running" "$DATA/log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$DATA/log"; exit 1; }
    sleep 0.2
  done
  for i in $(seq 50); do
    for u in /healthz /readyz /api/v1/persons/x /no/such; do
      curl -s -m 10 -o /dev/null -H 'connection: close' "http://127.0.0.1:$PORT$u"
    done
  done
  local times=()
  for i in $(seq "$SCRAPES"); do
    times+=("$(curl -s -m 10 -o "$DATA/m" -w '%{time_total}' "http://127.0.0.1:$MPORT/metrics")")
  done
  local count
  count=$(grep -E '^homecoming_http_requests_total\{method="GET",route="/healthz"' "$DATA/m" | awk '{print $2}')
  printf '%s\n' "${times[@]}" | sort -n | awk -v w="$workers" -v b="$(wc -c <"$DATA/m")" -v c="$count" \
    -v l="$(cut -d' ' -f1 /proc/loadavg)" \
    '{a[NR]=$1} END {printf "workers %d: scrape median %.1f ms, p90 %.1f ms, %d bytes, /healthz counted %s, load %s\n", w, a[int(NR/2)+1]*1000, a[int(NR*0.9)]*1000, b, c, l}'
  kill "$pid"
  wait "$pid" || true
}
for r in $(seq "$ROUNDS"); do
  one 1
  one 2
done
