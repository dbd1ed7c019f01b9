/**
 * What `dedupe`'s blocking costs in memory (npx tsx --conditions=source bench/linkage/dedupePairs.ts
 * --persons N [--profile harsh|realistic]): the blocked pairs of a labelled registry (sets.ts, seed 5, typical
 * noise) with dedupe's options (blocks above 200 records by sorted neighbourhood, 8 either way), counted,
 * timed, with the process's peak RSS. No scoring, no database: the blocking alone, to compare rule changes.
 */
import { parseArgs } from 'node:util';
import { blockedPairs, type LinkRecord } from '@homecoming/linkage';
import { probeOf } from '../../packages/server/src/modules/linkage/candidates.js';
import { validateRecordFields } from '../../packages/server/src/modules/records/validate.js';
import { PROFILES, registrySet } from './sets.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '100000' },
    profile: { type: 'string', default: 'harsh' },
  },
});
const profile = values.profile === 'realistic' ? 'realistic' : 'harsh';
const recs: LinkRecord[] = [];
for (const r of registrySet(Number(values.persons), 5, PROFILES['typical'], profile)) {
  const c = validateRecordFields(r);
  if (c.ok) recs.push(probeOf(r.external_id, c.value));
}
const t0 = process.hrtime.bigint();
let pairs = 0;
// dedupe.ts: BIG_BLOCK 200, NEIGHBOURHOOD 8.
for (const _ of blockedPairs(recs, { bigBlock: 200, window: 8 })) pairs++;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(
  JSON.stringify({
    persons: Number(values.persons),
    profile,
    records: recs.length,
    pairs,
    pairs_per_record: Number(((2 * pairs) / recs.length).toFixed(1)),
    seconds: Number(seconds.toFixed(1)),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
