#!/bin/bash
# Families off and on, same seed, started together (bench/RESULTS.md `fam`, issue #11): the import and the
# list on the four populations at 20,000 persons (holdout9 since `tw`: translated given names beside twins),
# then search's outsiders. The mixed population takes no families (its relatives would share realistic names). Logs go to $OUT (default
# /tmp/fam-runs); each run under /usr/bin/time -v for its user CPU. Usage: bench/linkage/families.sh [share]
set -u
SHARE=${1:-0.3}
OUT=${OUT:-/tmp/fam-runs}
mkdir -p "$OUT"
cd "$(dirname "$0")/../.."
sim() {
  WRONG=1 /usr/bin/time -v nice -n 5 npx tsx --conditions=source bench/linkage/simulate.ts --persons 20000 --list 1200 "$@"
}
pair() {
  local name=$1
  shift
  for f in 0 "$SHARE"; do
    ( uptime; sim "$@" --families "$f" ) > "$OUT/$name-$f.log" 2>&1 &
  done
  wait
}
pair realistic --profile realistic
pair holdout --profile realistic --noise holdout
pair harsh --profile harsh --noise harsh
pair holdout9 --profile realistic --noise holdout9
for f in 0 "$SHARE"; do
  ( uptime; DB_PREFIX=fam_eval FAMILIES=$f OUTSIDERS=2000 NO_BASELINES=1 /usr/bin/time -v nice -n 5 \
      npx tsx --conditions=source bench/search/eval.ts ) > "$OUT/search-$f.log" 2>&1 &
done
wait
grep -E "^after import|^  families|^  wrong|^list:|^  strangers|^outsiders|^families|^confident|^\| Homecoming|User time" "$OUT"/*.log
