#!/bin/bash
# A worker killed under a scrape (issue #16 item 3): starts the built `serve --workers 2` with a metrics port,
# then ROUNDS times SIGKILLs one worker 5 ms after a scrape starts and scrapes 6 more times 0.2 s apart,
# printing each answer's status, time and `homecoming_workers`.
# Usage: DATABASE_URL=postgres://… bench/load/metricsKill.sh [ROUNDS]
set -uo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
DATA=$(mktemp -d)
PORT=${PORT:-38411}
MPORT=${MPORT:-38412}
HOMECOMING_DATA=$DATA PORT=$PORT HOST=127.0.0.1 HOMECOMING_METRICS_PORT=$MPORT LOG_LEVEL=warn \
  node packages/server/bin/homecoming.js serve --workers 2 >"$DATA/log" 2>&1 &
P=$!
trap 'kill $P 2>/dev/null; wait $P; rm -rf "$DATA"' EXIT
until grep -q "is running" "$DATA/log" 2>/dev/null; do
  kill -0 $P 2>/dev/null || { cat "$DATA/log"; exit 1; }
  sleep 0.2
done
sleep 1
scrape() {
  curl -s -m 10 -o "$DATA/m" -w "$1 %{http_code} %{time_total} " "http://127.0.0.1:$MPORT/metrics"
  grep -E "^homecoming_workers" "$DATA/m" || echo
}
for round in $(seq "$ROUNDS"); do
  W=$(pgrep -P $P | head -1)
  scrape kill-scrape &
  C=$!
  sleep 0.005
  kill -9 "$W"
  wait $C
  for i in 1 2 3 4 5 6; do scrape "  then"; sleep 0.2; done
done
