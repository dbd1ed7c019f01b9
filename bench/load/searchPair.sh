#!/bin/sh
# Search's CPU per operation, before and after, alternating (bench/load/perOperation.ts, search only):
#   BEFORE_URL=postgres://…/copy1 AFTER_URL=postgres://…/copy2 BASE=/tmp/base-x ROUNDS=2 N=100 sh bench/load/searchPair.sh
# BASE is the baseline tree (its packages/server/src/modules/search/service.ts is loaded by this tree's script).
set -e
cd "$(dirname "$0")/../.."
for r in $(seq 1 "${ROUNDS:-2}"); do
  echo "round $r, $(uptime)"
  echo "before ($BASE)"
  URL="$BEFORE_URL" N="${N:-100}" OPS='search bare,search full+year' \
    SEARCH_SERVICE="$BASE/packages/server/src/modules/search/service.ts" \
    npx tsx --conditions=source bench/load/perOperation.ts
  echo "after (this tree)"
  URL="$AFTER_URL" N="${N:-100}" OPS='search bare,search full+year' npx tsx --conditions=source bench/load/perOperation.ts
done
echo "end, $(uptime)"
