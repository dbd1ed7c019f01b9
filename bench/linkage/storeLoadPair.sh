#!/usr/bin/env bash
# The packed registry's load, before and after side by side (bench/RESULTS.md, `pload`):
#   bench/linkage/storeLoadPair.sh BEFORE_TREE AFTER_TREE URL [PAIRS]
# Each pair starts both trees' `storeLoad.mjs` together (the after tree handed the pool: its COPY path; the
# before tree ignores it) on the same registry copy (read only), and prints one JSON line per load.
set -euo pipefail
BEFORE=$1 AFTER=$2 URL=$3 PAIRS=${4:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
for i in $(seq "$PAIRS"); do
  node "$HERE/storeLoad.mjs" --tree "$BEFORE" --url "$URL" --pool &
  node "$HERE/storeLoad.mjs" --tree "$AFTER" --url "$URL" --pool &
  wait
done
