/**
 * Blocking recall, in memory (npm run blocking:link -- --persons N [--profile realistic|harsh] [--noise …]):
 * the share of true record pairs of a labelled registry (sets.ts) that share a key under each blocking
 * rule and under any, overall and by the noise class of the pair's extra record; the share joined through
 * a chain of blocked pairs of the same man; the candidate pairs per
 * record the rules cost; MISSED=n prints n missed pairs. No database: records are keyed as the import
 * keys them.
 */
import { parseArgs } from 'node:util';
import {
  ALWAYS_WINDOWED,
  BLOCKING_RULES,
  RARE_FAMILY_RECORDS,
  blockedPairs,
  blockKeys,
  shareKey,
  type LinkRecord,
} from '@homecoming/linkage';
import { fileOrder, populationOf, populationOptions, probesOf } from './sets.js';

const { values } = parseArgs({ options: populationOptions('20000') });
const { recs, truth, noise, raw } = probesOf(populationOf(values), ' ');
const byTruth = new Map<string, number[]>();
truth.forEach((t, i) => byTruth.set(t, [...(byTruth.get(t) ?? []), i]));
let pairs = 0;
let any = 0;
// The near rule counts a pair only born within a year (or either of unknown birth), as `blockedPairs` reads
// it; the older windowed rules (family phonetic, glyph) count a shared key whatever the years, as this
// bench always has: `windowed` applies every rule's window.
let windowedAny = 0;
const NEAR = BLOCKING_RULES.indexOf('family_glyph_near');
const NEAR2 = BLOCKING_RULES.indexOf('family_glyph_near2+given|father');
const WINDOWED = new Set(BLOCKING_RULES.flatMap((r, i) => (ALWAYS_WINDOWED.has(r) ? [i] : [])));
const keyLists = recs.map(blockKeys);
const near = (a: LinkRecord, b: LinkRecord): boolean =>
  a.birthYear === null || b.birthYear === null || Math.abs(a.birthYear - b.birthYear) <= 1;
// The near rules as the SQL lookups read them, the later record of the file the probe (an import's order):
// within a year, or either of unknown birth. With NEAR_UNUSED_ONLY=1, as before `blk`: only for a probe
// whose family key no earlier record has, and a probe of unknown birth only against records of unknown
// birth. Pairs the near rule alone blocks, counted both ways (`asProbe`).
const unusedOnly = process.env['NEAR_UNUSED_ONLY'] === '1';
// Whether an earlier record of the file has the probe's family key (the lookups: it is in use), and how
// many an earlier part of the file holds (a key's count as the registry holds it when the probe is looked up).
const { inUse, countBefore } = fileOrder(recs);
// The near rules as the lookups read them since `near` (RARE_FAMILY_RECORDS; NEAR_RARE=K tries another
// bound): a neighbour's record for a probe whose family key holds more than K records, or of a known year for
// a probe of unknown birth, only when the neighbour's family key holds at most K records; NEAR_RARE=-1 reads
// every neighbour, the two-letters rule only for a probe not in use (`blk`); NEAR_RARE_PROBE=0 reads every
// neighbour only for a probe not in use; NEAR_RARE_UNKNOWN=0 every year for a probe of unknown birth.
const rareK = Number(process.env['NEAR_RARE'] ?? RARE_FAMILY_RECORDS);
const rareBefore = (found: number, probe: number): boolean => {
  if (rareK < 0) return true;
  const f = recs[found]?.family ?? null;
  return f !== null && countBefore(f, probe) <= rareK;
};
const lookupReads = (probe: number, found: number): boolean => {
  const q = recs[probe] as LinkRecord;
  const r = recs[found] as LinkRecord;
  if (!unusedOnly) {
    if (!near(q, r)) return false;
    const rare = rareBefore(found, probe);
    const probeRare = process.env['NEAR_RARE_PROBE'] === '0' ? !inUse(probe) : rareBefore(probe, probe);
    if (!probeRare && !rare) return false;
    if (process.env['NEAR_RARE_UNKNOWN'] === '0') return true;
    return q.birthYear === null && r.birthYear !== null ? rare : true;
  }
  if (inUse(probe)) return false;
  return q.birthYear === null ? r.birthYear === null : near(q, r);
};
const nearOnly = {
  pairs: 0,
  oneUnknown: 0,
  laterProbe: 0,
  eitherProbe: 0,
  unknownLater: 0,
  unknownEither: 0,
};
let lookupsAny = 0;
// Records of one man joined through a chain of blocked pairs end up in one person even where the pair
// itself shares no block (each is blocked with the man's base record): union-find over blocked true pairs.
const parent = recs.map((_, i) => i);
const root = (i: number): number => {
  while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
  return i;
};
const perRule = BLOCKING_RULES.map(() => 0);
const byClass = new Map<string, { pairs: number; blocked: number }>();
const missed: string[] = [];
for (const ids of byTruth.values())
  for (let x = 0; x < ids.length; x++)
    for (let y = x + 1; y < ids.length; y++) {
      const i = ids[x] as number;
      const j = ids[y] as number;
      pairs++;
      const ka = keyLists[i] as (readonly string[])[];
      const kb = keyLists[j] as (readonly string[])[];
      const close = near(recs[i] as LinkRecord, recs[j] as LinkRecord);
      let hit = false;
      let hitWindowed = false;
      ka.forEach((k, r) => {
        if (!shareKey(k, kb[r] ?? [])) return;
        if ((r === NEAR || r === NEAR2) && !close) return;
        perRule[r] = (perRule[r] as number) + 1;
        hit = true;
        if (close || !WINDOWED.has(r)) hitWindowed = true;
      });
      if (hitWindowed) windowedAny++;
      // Another rule, or the near rule as the lookups read it with the later record (j) the probe.
      const others = ka.some((k, r) => r !== NEAR && r !== NEAR2 && shareKey(k, kb[r] ?? []));
      const nearShared = shareKey(ka[NEAR] ?? [], kb[NEAR] ?? []);
      // The two-letters rule as the lookups read it: as the near rule, for a probe not in use.
      const near2Read =
        shareKey(ka[NEAR2] ?? [], kb[NEAR2] ?? []) &&
        lookupReads(j, i) &&
        // Only for a probe whose family key is not in use (NEAR2_EVERY_PROBE=1: every probe).
        (process.env['NEAR2_EVERY_PROBE'] === '1' ||
          (rareK >= 0 &&
            (process.env['NEAR2_RARE_ONLY'] !== '1' || countBefore(recs[j]?.family ?? null, j) <= rareK)) ||
          !inUse(j));
      if (others || (nearShared && lookupReads(j, i)) || near2Read) lookupsAny++;
      else if (
        process.env['DIAG'] === '1' &&
        (nearShared || shareKey(ka[NEAR2] ?? [], kb[NEAR2] ?? [])) &&
        close
      ) {
        const fi = recs[i]?.family ?? '';
        const fj = recs[j]?.family ?? '';
        console.log(
          `DIAG inUse=${inUse(j)} probeYear=${recs[j]?.birthYear} foundYear=${recs[i]?.birthYear} found=${countBefore(fi, j)} probe=${countBefore(fj, j)} total found ${countBefore(fi, recs.length)} probe ${countBefore(fj, recs.length)} [${noise[i]}/${noise[j]}] ${nearShared ? 'near' : 'near2'}`,
        );
      }
      if (!others && nearShared && close) {
        nearOnly.pairs++;
        const oneUnknown = (recs[i]?.birthYear === null) !== (recs[j]?.birthYear === null);
        if (oneUnknown) nearOnly.oneUnknown++;
        if (lookupReads(j, i)) nearOnly.laterProbe++;
        if (lookupReads(j, i) || lookupReads(i, j)) nearOnly.eitherProbe++;
        if (oneUnknown && lookupReads(j, i)) nearOnly.unknownLater++;
        if (oneUnknown && (lookupReads(j, i) || lookupReads(i, j))) nearOnly.unknownEither++;
      }
      if (hit) {
        any++;
        parent[root(i)] = root(j);
      } else missed.push(`${raw[i]}  |  ${raw[j]}  [${noise[i]}/${noise[j]}]`);
      for (const cls of new Set([noise[i] as string, noise[j] as string])) {
        if (cls === 'base') continue;
        const c = byClass.get(cls) ?? { pairs: 0, blocked: 0 };
        c.pairs++;
        if (hit) c.blocked++;
        byClass.set(cls, c);
      }
    }
let connected = 0;
for (const ids of byTruth.values())
  for (let x = 0; x < ids.length; x++)
    for (let y = x + 1; y < ids.length; y++)
      if (root(ids[x] as number) === root(ids[y] as number)) connected++;
let candidatePairs = 0;
for (const _ of blockedPairs(recs)) candidatePairs++;
const r4 = (x: number): string => x.toFixed(4);
console.log(
  `${recs.length} records, ${pairs} true pairs, population ${values.profile}, noise ${values.noise}`,
);
console.log(
  `blocking recall (any rule): ${r4(any / pairs)} (${pairs - any} missed); candidate pairs per record ${((2 * candidatePairs) / recs.length).toFixed(1)}`,
);
console.log(`blocking recall, every rule's year window applied: ${r4(windowedAny / pairs)}`);
console.log(`connected through blocked pairs (what a person can gather): ${r4(connected / pairs)}`);
console.log(
  `blocking recall, the near rules as the lookups read them (later record the probe): ${r4(lookupsAny / pairs)} (${pairs - lookupsAny} missed)`,
);
console.log(
  `  pairs the near rule alone blocks: ${nearOnly.pairs} (one birth year unknown ${nearOnly.oneUnknown}); the lookups read ${nearOnly.laterProbe} with the later record the probe, ${nearOnly.eitherProbe} with either; of the one-unknown, ${nearOnly.unknownLater} and ${nearOnly.unknownEither}`,
);
BLOCKING_RULES.forEach((rule, r) =>
  console.log(`  ${rule.padEnd(26)} ${r4((perRule[r] as number) / pairs)}`),
);
console.log('by noise class of the pair:');
for (const [cls, c] of [...byClass].sort())
  console.log(`  ${cls.padEnd(26)} ${r4(c.blocked / c.pairs)} of ${c.pairs}`);
for (const m of missed.slice(0, Number(process.env['MISSED'] ?? 0))) console.log(`  missed: ${m}`);
