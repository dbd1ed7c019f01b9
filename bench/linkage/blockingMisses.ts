/**
 * The true pairs blocking misses, and what would catch them (npx tsx --conditions=source
 * bench/linkage/blockingMisses.ts --persons N --profile realistic|harsh): the pairs no rule blocks (as
 * `blocking:link` counts them) and the pairs the lookups miss in import order (the later record of the
 * shuffled file the probe; the near rules as `nearReads` says), each classified by what the two records share,
 * and for each candidate key the pairs it would catch and what it costs: candidate pairs per record at this
 * size (the block's pairs, within a year where the key is windowed) and the mean block a probe reads.
 * MISSED=n prints n pairs of each.
 */
import { parseArgs } from 'node:util';
import { familyGlyphKey } from '@homecoming/names';
import {
  BLOCKING_RULES,
  blockKeys,
  glyphNearKeys,
  RARE_FAMILY_RECORDS,
  shareKey,
  type LinkRecord,
} from '@homecoming/linkage';
import { fileOrder, populationOf, populationOptions, probesOf } from './sets.js';

const { values } = parseArgs({ options: populationOptions('20000') });
const { recs, truth, noise, raw } = probesOf(populationOf(values), '|');
const NEAR = BLOCKING_RULES.indexOf('family_glyph_near');
const NEAR2 = BLOCKING_RULES.indexOf('family_glyph_near2+given|father');
const keyLists = recs.map(blockKeys);
const within = (a: LinkRecord, b: LinkRecord): boolean =>
  a.birthYear === null || b.birthYear === null || Math.abs(a.birthYear - b.birthYear) <= 1;
// Whether an earlier record of the file has the probe's family key, and how many precede a probe (the key's
// count as the registry holds it when the probe is looked up).
const { inUse, countBefore } = fileOrder(recs);
/**
 * Whether the lookups read the near rules' pair with the later record (`probe`) the probe, as they do since
 * `near` (RARE_FAMILY_RECORDS): within a year or either unknown; a neighbour whose family key holds more
 * records only for a probe whose own key holds at most as many, and then of unknown birth only where the
 * probe's is. `evenInUse` false (NEAR_UNUSED_ONLY=1): as before `blk`, only for a probe whose family key is
 * not in use, and a probe of unknown birth only against records of unknown birth.
 */
const nearReads = (
  probe: number,
  found: number,
  evenInUse = process.env['NEAR_UNUSED_ONLY'] !== '1',
): boolean => {
  const q = recs[probe] as LinkRecord;
  const r = recs[found] as LinkRecord;
  if (!evenInUse) {
    if (inUse(probe)) return false;
    return q.birthYear === null ? r.birthYear === null : within(q, r);
  }
  if (!within(q, r)) return false;
  if (countBefore(r.family, probe) <= RARE_FAMILY_RECORDS) return true;
  if (countBefore(q.family, probe) > RARE_FAMILY_RECORDS) return false;
  return q.birthYear !== null || r.birthYear === null;
};

/** Candidate keys: a key per record (null: none), windowed (only within a year, or either unknown). */
interface Candidate {
  name: string;
  key: (r: LinkRecord) => string | null;
  windowed?: boolean;
}
const first = (s: string | null, n: number): string | null =>
  s === null || s.length < n ? null : s.slice(0, n);
const glyphDel2 = (g: string | null): string[] => {
  const out = new Set<string>();
  for (const k of glyphNearKeys(g)) for (const k2 of glyphNearKeys(k.length >= 4 ? k : null)) out.add(k2);
  return [...out];
};
const CANDIDATES: Candidate[] = [
  { name: 'given+father (no year)', key: (r) => (r.given && r.father ? `${r.given}|${r.father}` : null) },
  {
    name: 'given+father, within a year',
    key: (r) => (r.given && r.father ? `${r.given}|${r.father}` : null),
    windowed: true,
  },
  {
    name: 'given+sex+year+family[0]',
    key: (r) =>
      r.given && r.birthYear !== null && first(r.family, 1)
        ? `${r.given}|${r.sex}|${r.birthYear}|${first(r.family, 1)}`
        : null,
  },
  {
    name: 'given+year+family[0]',
    key: (r) =>
      r.given && r.birthYear !== null && first(r.family, 1)
        ? `${r.given}|${r.birthYear}|${first(r.family, 1)}`
        : null,
  },
  {
    name: 'given+year+glyph[0]',
    key: (r) => {
      const g = familyGlyphKey(r.family);
      return r.given && r.birthYear !== null && first(g, 1)
        ? `${r.given}|${r.birthYear}|${first(g, 1)}`
        : null;
    },
  },
  {
    name: 'given+father+family[0]',
    key: (r) =>
      r.given && r.father && first(r.family, 1) ? `${r.given}|${r.father}|${first(r.family, 1)}` : null,
  },
  {
    name: 'father+year+family[0]',
    key: (r) =>
      r.father && r.birthYear !== null && first(r.family, 1)
        ? `${r.father}|${r.birthYear}|${first(r.family, 1)}`
        : null,
  },
  {
    name: 'birth_date+sex',
    key: (r) =>
      r.birthYear !== null && r.birthMonth !== null && r.birthDay !== null
        ? `${r.birthYear}-${r.birthMonth}-${r.birthDay}|${r.sex}`
        : null,
  },
  {
    name: 'given+year',
    key: (r) => (r.given && r.birthYear !== null ? `${r.given}|${r.birthYear}` : null),
  },
  {
    name: 'head2+tail2+year',
    key: (r) =>
      r.family && r.family.length >= 4 && r.birthYear !== null
        ? `${r.family.slice(0, 2)}|${r.family.slice(-2)}|${r.birthYear}`
        : null,
  },
  {
    name: 'tail3+year',
    key: (r) =>
      r.family && r.family.length >= 4 && r.birthYear !== null
        ? `${r.family.slice(-3)}|${r.birthYear}`
        : null,
  },
  {
    name: 'given+family[0]+family_tail2',
    key: (r) =>
      r.given && r.family && r.family.length >= 4 ? `${r.given}|${r.family[0]}|${r.family.slice(-2)}` : null,
  },
];
// Multi-key candidates (pairs share any key).
interface MultiCandidate {
  name: string;
  keys: (r: LinkRecord) => string[];
  windowed?: boolean;
}
const MULTI: MultiCandidate[] = [
  {
    name: 'glyph two deletions, within a year',
    keys: (r) => glyphDel2(familyGlyphKey(r.family)),
    windowed: true,
  },
];

let pairs = 0;
const missedAny: [number, number][] = [];
const missedLookups: [number, number][] = [];
const byTruth = new Map<string, number[]>();
truth.forEach((t, i) => byTruth.set(t, [...(byTruth.get(t) ?? []), i]));
for (const ids of byTruth.values())
  for (let x = 0; x < ids.length; x++)
    for (let y = x + 1; y < ids.length; y++) {
      const i = ids[x] as number;
      const j = ids[y] as number;
      pairs++;
      const ka = keyLists[i] as (readonly string[])[];
      const kb = keyLists[j] as (readonly string[])[];
      const close = within(recs[i] as LinkRecord, recs[j] as LinkRecord);
      // The two-letters rule within a year (either unknown) by `blockedPairs`; as the near rule by the lookups.
      const others = ka.some((k, r) => r !== NEAR && r !== NEAR2 && shareKey(k, kb[r] ?? []));
      const near2Shared = shareKey(ka[NEAR2] ?? [], kb[NEAR2] ?? []);
      const nearShared = shareKey(ka[NEAR] ?? [], kb[NEAR] ?? []);
      if (!others && !((nearShared || near2Shared) && close)) missedAny.push([i, j]);
      if (!others && !((nearShared || near2Shared) && nearReads(j, i))) missedLookups.push([i, j]);
    }

/** What a pair shares, as a short label. */
function shares(i: number, j: number): string {
  const a = recs[i] as LinkRecord;
  const b = recs[j] as LinkRecord;
  const parts: string[] = [];
  const eq = <T>(x: T | null, y: T | null): boolean => x !== null && y !== null && x === y;
  if (eq(a.family, b.family)) parts.push('family');
  else if (eq(a.familyPhonetic, b.familyPhonetic)) parts.push('family~phon');
  else if (eq(familyGlyphKey(a.family), familyGlyphKey(b.family))) parts.push('family~glyph');
  else if (shareKey(keyLists[i]?.[NEAR] ?? [], keyLists[j]?.[NEAR] ?? [])) parts.push('family~near');
  else if (shareKey(glyphDel2(familyGlyphKey(a.family)), glyphDel2(familyGlyphKey(b.family))))
    parts.push('family~2del');
  else if (a.family === null || b.family === null) parts.push('family?');
  if (eq(a.given, b.given)) parts.push('given');
  else if (a.given === null || b.given === null) parts.push('given?');
  if (eq(a.father, b.father)) parts.push('father');
  else if (a.father === null || b.father === null) parts.push('father?');
  if (a.birthYear === null || b.birthYear === null) parts.push('year?');
  else if (a.birthYear === b.birthYear) {
    if (eq(a.birthMonth, b.birthMonth) && eq(a.birthDay, b.birthDay)) parts.push('date');
    else parts.push('year');
  } else if (Math.abs(a.birthYear - b.birthYear) <= 1) parts.push('year±1');
  if (eq(a.sex, b.sex)) parts.push('sex');
  if (eq(a.unit, b.unit)) parts.push('unit');
  if (eq(a.serviceNumber, b.serviceNumber)) parts.push('sn');
  return parts.join('+') || 'nothing';
}

function report(title: string, missed: [number, number][]): void {
  console.log(`\n${title}: ${missed.length} of ${pairs} (recall ${(1 - missed.length / pairs).toFixed(4)})`);
  const classes = new Map<string, number>();
  for (const [i, j] of missed) {
    const s = shares(i, j);
    classes.set(s, (classes.get(s) ?? 0) + 1);
  }
  for (const [s, n] of [...classes].sort((x, y) => y[1] - x[1]))
    console.log(`  ${String(n).padStart(4)}  ${s}`);
  const noiseOf = new Map<string, number>();
  for (const [i, j] of missed) {
    const c = noise[i] === 'base' ? noise[j] : noise[j] === 'base' ? noise[i] : `${noise[i]}/${noise[j]}`;
    noiseOf.set(c as string, (noiseOf.get(c as string) ?? 0) + 1);
  }
  console.log(
    `  by noise: ${[...noiseOf]
      .sort((x, y) => y[1] - x[1])
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')}`,
  );
  if (title.startsWith('missed by the lookups')) {
    let nearInUse = 0;
    for (const [i, j] of missed)
      if (shareKey(keyLists[i]?.[NEAR] ?? [], keyLists[j]?.[NEAR] ?? []) && nearReads(j, i, true))
        nearInUse++;
    console.log(`  caught by the near rule read also for a probe whose family key is in use: ${nearInUse}`);
    let nearEither = 0;
    for (const [i, j] of missed)
      if (
        shareKey(keyLists[i]?.[NEAR] ?? [], keyLists[j]?.[NEAR] ?? []) &&
        within(recs[i] as LinkRecord, recs[j] as LinkRecord)
      )
        nearEither++;
    console.log(`  ... and a probe of unknown birth against every year too: ${nearEither}`);
  }
  for (const c of CANDIDATES) {
    let caught = 0;
    for (const [i, j] of missed) {
      const a = recs[i] as LinkRecord;
      const b = recs[j] as LinkRecord;
      const ka = c.key(a);
      if (ka !== null && ka === c.key(b) && (!c.windowed || within(a, b))) caught++;
    }
    console.log(`  caught by ${c.name.padEnd(34)} ${caught}`);
  }
  for (const c of MULTI) {
    let caught = 0;
    for (const [i, j] of missed) {
      const a = recs[i] as LinkRecord;
      const b = recs[j] as LinkRecord;
      if (shareKey(c.keys(a), c.keys(b)) && (!c.windowed || within(a, b))) caught++;
    }
    console.log(`  caught by ${c.name.padEnd(34)} ${caught}`);
  }
  for (const [i, j] of missed.slice(0, Number(process.env['MISSED'] ?? 0)))
    console.log(`    ${raw[i]}  ||  ${raw[j]}  [${noise[i]}/${noise[j]}] ${shares(i, j)}`);
}
console.log(`${recs.length} records, ${pairs} true pairs, population ${values.profile}`);
report('missed by every rule (blockedPairs)', missedAny);
report('missed by the lookups in import order', missedLookups);

// The cost of each candidate: pairs per record, and the mean block a record's probe reads (records of its
// key, within a year where windowed), at this size.
console.log('\ncost at this size: candidate pairs per record / mean block read per probe / largest block');
for (const c of CANDIDATES) {
  const blocks = new Map<string, number[]>();
  recs.forEach((r, i) => {
    const k = c.key(r);
    if (k === null) return;
    const b = blocks.get(k);
    if (b === undefined) blocks.set(k, [i]);
    else b.push(i);
  });
  let p = 0;
  let read = 0;
  let largest = 0;
  for (const m of blocks.values()) {
    largest = Math.max(largest, m.length);
    if (!c.windowed) {
      p += m.length * (m.length - 1);
      read += m.length * m.length;
      continue;
    }
    const byYear = new Map<number, number>();
    for (const i of m) {
      const y = recs[i]?.birthYear ?? -1;
      byYear.set(y, (byYear.get(y) ?? 0) + 1);
    }
    const unknown = byYear.get(-1) ?? 0;
    for (const i of m) {
      const y = recs[i]?.birthYear ?? null;
      const n =
        y === null
          ? m.length
          : (byYear.get(y - 1) ?? 0) + (byYear.get(y) ?? 0) + (byYear.get(y + 1) ?? 0) + unknown;
      read += n;
      p += n - 1;
    }
  }
  console.log(
    `  ${c.name.padEnd(34)} ${(p / recs.length).toFixed(1).padStart(7)} ${(read / recs.length).toFixed(1).padStart(7)} ${String(largest).padStart(6)}`,
  );
}

// Two deletions of the glyph key, with extra conditions: pairs caught of each missed set, and the candidate
// pairs per record (records of different glyph keys sharing a two-deletion key, under the condition).
{
  type Cond = { name: string; minLen: number; ok: (a: LinkRecord, b: LinkRecord) => boolean };
  const eq = <T>(x: T | null, y: T | null): boolean => x !== null && y !== null && x === y;
  const conds: Cond[] = [
    { name: 'within a year', minLen: 4, ok: within },
    { name: 'within a year, glyph ≥ 6', minLen: 6, ok: within },
    { name: 'within a year, glyph ≥ 7', minLen: 7, ok: within },
    { name: 'same year (known)', minLen: 4, ok: (a, b) => eq(a.birthYear, b.birthYear) },
    { name: 'same given', minLen: 4, ok: (a, b) => eq(a.given, b.given) },
    { name: 'same given, within a year', minLen: 4, ok: (a, b) => eq(a.given, b.given) && within(a, b) },
    {
      name: 'same given or father, within a year',
      minLen: 4,
      ok: (a, b) => (eq(a.given, b.given) || eq(a.father, b.father)) && within(a, b),
    },
    {
      name: 'same given or father or known year, within a year',
      minLen: 4,
      ok: (a, b) =>
        (eq(a.given, b.given) || eq(a.father, b.father) || eq(a.birthYear, b.birthYear)) && within(a, b),
    },
    { name: 'same sex, within a year, glyph ≥ 6', minLen: 6, ok: (a, b) => a.sex === b.sex && within(a, b) },
    {
      name: 'same year or given, glyph ≥ 5',
      minLen: 5,
      ok: (a, b) => eq(a.birthYear, b.birthYear) || eq(a.given, b.given),
    },
  ];
  const glyphs = recs.map((r) => familyGlyphKey(r.family));
  const groups = new Map<string, number[]>();
  glyphs.forEach((g, i) => {
    if (g === null || g.length < 4) return;
    const l = groups.get(g);
    if (l === undefined) groups.set(g, [i]);
    else l.push(i);
  });
  console.log('\nglyph two deletions: caught (any / lookups), pairs per record');
  for (const c of conds) {
    const caughtOf = (missed: [number, number][]): number =>
      missed.filter(([i, j]) => {
        const a = glyphs[i] ?? null;
        const b = glyphs[j] ?? null;
        if (a === null || b === null || a.length < c.minLen || b.length < c.minLen) return false;
        return shareKey(glyphDel2(a), glyphDel2(b)) && c.ok(recs[i] as LinkRecord, recs[j] as LinkRecord);
      }).length;
    const byKey = new Map<string, string[]>();
    for (const g of groups.keys()) {
      if (g.length < c.minLen) continue;
      for (const k of glyphDel2(g)) {
        const l = byKey.get(k);
        if (l === undefined) byKey.set(k, [g]);
        else l.push(g);
      }
    }
    const pairSet = new Set<string>();
    for (const gs of byKey.values())
      for (let x = 0; x < gs.length; x++)
        for (let y = x + 1; y < gs.length; y++) {
          const [g1, g2] = [gs[x] as string, gs[y] as string].sort() as [string, string];
          pairSet.add(`${g1} ${g2}`);
        }
    let p = 0;
    for (const id of pairSet) {
      const [g1, g2] = id.split(' ') as [string, string];
      for (const i of groups.get(g1) as number[])
        for (const j of groups.get(g2) as number[])
          if (c.ok(recs[i] as LinkRecord, recs[j] as LinkRecord)) p++;
    }
    console.log(
      `  ${c.name.padEnd(40)} ${caughtOf(missedAny)} / ${caughtOf(missedLookups)}   ${((2 * p) / recs.length).toFixed(1)}`,
    );
  }
}

// Greedy: which candidates together catch the most missed pairs (of each set).
{
  const eq = <T>(x: T | null, y: T | null): boolean => x !== null && y !== null && x === y;
  const glyphs = recs.map((r) => familyGlyphKey(r.family));
  const del2 = (i: number): string[] => glyphDel2(glyphs[i] ?? null);
  const preds: [string, (i: number, j: number) => boolean][] = [
    ...CANDIDATES.map((c): [string, (i: number, j: number) => boolean] => [
      c.name,
      (i, j) => {
        const a = recs[i] as LinkRecord;
        const b = recs[j] as LinkRecord;
        const k = c.key(a);
        return k !== null && k === c.key(b) && (!c.windowed || within(a, b));
      },
    ]),
    [
      'glyph 2del + given, within a year',
      (i, j) =>
        eq(recs[i]?.given ?? null, recs[j]?.given ?? null) &&
        within(recs[i] as LinkRecord, recs[j] as LinkRecord) &&
        shareKey(del2(i), del2(j)),
    ],
    [
      'glyph 2del + same year',
      (i, j) => eq(recs[i]?.birthYear ?? null, recs[j]?.birthYear ?? null) && shareKey(del2(i), del2(j)),
    ],
    [
      'glyph 2del + father, within a year',
      (i, j) =>
        eq(recs[i]?.father ?? null, recs[j]?.father ?? null) &&
        within(recs[i] as LinkRecord, recs[j] as LinkRecord) &&
        shareKey(del2(i), del2(j)),
    ],
    [
      'given+father, a year unknown',
      (i, j) =>
        eq(recs[i]?.given ?? null, recs[j]?.given ?? null) &&
        eq(recs[i]?.father ?? null, recs[j]?.father ?? null) &&
        (recs[i]?.birthYear === null || recs[j]?.birthYear === null),
    ],
    [
      'near rule for an in-use probe',
      (i, j) => shareKey(keyLists[i]?.[NEAR] ?? [], keyLists[j]?.[NEAR] ?? []) && nearReads(j, i, true),
    ],
  ];
  for (const [title, missed] of [
    ['blockedPairs', missedAny],
    ['lookups', missedLookups],
  ] as const) {
    let left = [...missed];
    console.log(`\ngreedy over ${title}'s ${missed.length}:`);
    for (let step = 0; step < 6 && left.length > 0; step++) {
      let best = -1;
      let bestN = 0;
      preds.forEach(([, p], k) => {
        const n = left.filter(([i, j]) => p(i, j)).length;
        if (n > bestN) [best, bestN] = [k, n];
      });
      if (best < 0) break;
      const [name, p] = preds[best] as [string, (i: number, j: number) => boolean];
      left = left.filter(([i, j]) => !p(i, j));
      console.log(`  + ${name.padEnd(36)} ${bestN} (left ${left.length})`);
    }
  }
}
