#!/usr/bin/env bash
# #11's list and persons figures at 200,000 persons on production's path (five files, retrained after each), with
# every known row's fate (DETAIL, NEITHER=2) and the persons a possible shows (ALT=2); then the lost rows read by
# listLost.awk. Branch l200. Usage, from a tree's root (run from a copy of it: a run takes 1–2 hours at 200,000):
#   bench/linkage/list200k.sh OUTDIR [PERSONS] [population args...]
#   bench/linkage/list200k.sh /tmp/x 200000 --profile realistic
#   bench/linkage/list200k.sh /tmp/x 200000 --noise holdout --profile realistic
#   bench/linkage/list200k.sh /tmp/x 200000 --profile harsh --noise harsh
# LISTCLEAN=6,5.5,5 (without DETAIL, which prints each row once a setting) links the list at each agreeing
# threshold in the same run: LISTCLEAN=6,5.5,5 DETAIL= bench/linkage/list200k.sh /tmp/x 20000 --profile harsh --noise harsh
set -euo pipefail
out=$1; persons=${2:-200000}; shift 2 || shift $#
mkdir -p "$out"
name="$out/list-$persons-$(echo "$*" | tr -c 'a-z0-9' '_')"
{ date -u; uptime; } > "$name.log"
# A 200,000-person run reached RSS 4.7 GB in its third file (l200), beside node's default heap limit of 4.3 GB
# on this machine: HEAP (MB) raises the limit so that a run does not end in the collector.
env NODE_OPTIONS="--max-old-space-size=${HEAP:-12288}" NEITHER="${NEITHER-2}" ALT="${ALT-2}" WRONG=1 DETAIL="${DETAIL-1}" nice -n 5 /usr/bin/time -v \
  npx tsx --conditions=source bench/linkage/simulate.ts --persons "$persons" --list 1200 "$@" >> "$name.log" 2>&1
{ date -u; uptime; } >> "$name.log"
awk -F'\t' -f bench/linkage/listLost.awk "$name.log" > "$name.lost"
echo "$name.log $name.lost"
