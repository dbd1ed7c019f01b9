#!/usr/bin/env bash
# One linked import of a list into a fresh copy of a 1M registry, measured (bench/RESULTS.md, `nf`):
#   bench/linkage/importPair.sh TREE TEMPLATE LIST NAME OUT
# SRC (environment): the list rows' source (default `incoming list`, throughput.ts's lists).
# TREE: a built checkout (its `homecoming migrate` and `import` run); TEMPLATE: the registry copied
# (`createdb -T`, retried while another session is connected to it); NAME: the copy's name (dropped at
# the end); OUT: a folder for the run's output. Writes OUT/NAME.{time,profile,json,stats,digest}: /usr/bin/time -v
# of the import (user CPU, peak RSS), HOMECOMING_PROFILE=1's phases, the summary, pg_stat_database's
# buffers and tuples for the import alone, and bench/linkage/importDigest.sql's digest of its decisions.
# NODE_ARGS (environment): extra flags for the import's node (e.g. `--cpu-prof --cpu-prof-dir=DIR`, which
# NODE_OPTIONS refuses). OUT/NAME.pgcpu: the user and system CPU of the copy's backends (/proc/PID/stat, read
# with the RSS; a backend's last reading counts): PostgreSQL's share of the import (migrate's and psql's too).
# Start the before and after runs together (`… & … & wait`): wall times are not comparable across runs.
set -euo pipefail
TREE=$1 TEMPLATE=$2 LIST=$3 NAME=$4 OUT=$5
PG=(-h 127.0.0.1 -U postgres)
URL=postgres://postgres@127.0.0.1:5432/$NAME
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT" "$OUT/$NAME.audit"
until createdb "${PG[@]}" -T "$TEMPLATE" "$NAME" 2>/dev/null; do sleep 3; done
echo "copied $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/$NAME.stats"
DATABASE_URL=$URL /usr/bin/time -f "migrate %e s wall" -a -o "$OUT/$NAME.stats" \
  node "$TREE/packages/server/bin/homecoming.js" migrate >/dev/null
stats() {
  psql "${PG[@]}" -d "$NAME" -Atc "SELECT blks_hit, blks_read, tup_returned, tup_fetched
    FROM pg_stat_database WHERE datname = current_database()"
}
sleep 2
B=$(stats)
echo "import start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/$NAME.stats"
DATABASE_URL=$URL HOMECOMING_AUDIT_DIR=$OUT/$NAME.audit HOMECOMING_PROFILE=1 \
  /usr/bin/time -v -o "$OUT/$NAME.time" node ${NODE_ARGS:-} "$TREE/packages/server/bin/homecoming.js" import "$LIST" \
  --source nflist --json >"$OUT/$NAME.json" 2>"$OUT/$NAME.profile" &
TIMER=$!
# The import's resident set every RSS_EVERY s (default 2; seconds since start, VmRSS kB): where its peak falls.
sleep 1
NODE=$(pgrep -P "$TIMER" node || true)
T0=$(date +%s)
declare -A BU BS
while [ -n "$NODE" ] && [ -e "/proc/$NODE/status" ]; do
  echo "$(($(date +%s) - T0)) $(awk '/VmRSS/ { print $2 }' "/proc/$NODE/status" 2>/dev/null)" >>"$OUT/$NAME.rss"
  for P in $(psql "${PG[@]}" -d postgres -Atc "SELECT pid FROM pg_stat_activity WHERE datname = '$NAME'"); do
    if read -r U S < <(awk '{ print $14, $15 }' "/proc/$P/stat" 2>/dev/null); then BU[$P]=$U BS[$P]=$S; fi
  done
  sleep "${RSS_EVERY:-2}"
done
wait "$TIMER" || true
echo "import end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/$NAME.stats"
sleep 2
A=$(stats)
# The import's own: after less before (blks_hit, blks_read, tup_returned, tup_fetched).
paste -d'|' <(echo "$B" | tr '|' '\n') <(echo "$A" | tr '|' '\n') |
  awk -F'|' 'BEGIN { split("blks_hit blks_read tup_returned tup_fetched", n, " ") } { print n[NR], $2 - $1 }' \
    >>"$OUT/$NAME.stats"
grep -E 'User time|Maximum resident' "$OUT/$NAME.time" >>"$OUT/$NAME.stats"
TICK=$(getconf CLK_TCK) SU=0 SS=0
for P in "${!BU[@]}"; do SU=$((SU + BU[$P])) SS=$((SS + BS[$P])); done
printf 'backends %d: user %d.%02d s, system %d.%02d s\n' "${#BU[@]}" $((SU / TICK)) $(((SU % TICK) * 100 / TICK)) \
  $((SS / TICK)) $(((SS % TICK) * 100 / TICK)) |
  tee "$OUT/$NAME.pgcpu" >>"$OUT/$NAME.stats"
psql "${PG[@]}" -d "$NAME" -v src="${SRC:-incoming list}" -f "$HERE/importDigest.sql" >"$OUT/$NAME.digest"
dropdb "${PG[@]}" "$NAME"
cat "$OUT/$NAME.stats" "$OUT/$NAME.digest"
