/**
 * Blocking recall of an incoming list as the registry grows (issue #11, list targets; branch `lrec`): for each
 * known row of `simulate:link`'s list, whether its man's records are among the candidates of
 *   - the simulation's index (`simulate.ts`: every rule's block, a year either way where the lookups look so,
 *     the first 300 records of each key), and whether a record of his shares a block at all (so that the
 *     300-record cap, not the rules, left him out);
 *   - the server's lookups (`PackedRegistry.lookUp`, which answers as `candidatePersons` does: each branch's
 *     LIMIT — BROAD_LIMIT for the broad blocks —, then the CANDIDATES_PER_PROBE persons of highest pre-score),
 *     with the registry's persons taken as the truth's (every record of a man one person), in one statement of
 *     both phases (a list's `settled` skips the broad phase only for a row with a confident match already).
 * No linking: the blocks depend on the records alone, in the order they arrive. By noise class; ROWS=1 prints
 * a line per row the lookups lose.
 *
 *   npx tsx --conditions=source bench/linkage/listblocking.ts --persons 20000,100000,200000 --profile realistic
 */
import { parseArgs } from 'node:util';
import { blockKeys, BLOCKING_RULES, type LinkRecord } from '@homecoming/linkage';
import { linkRowOf, type StoredLinkRow } from '../../packages/server/src/modules/linkage/candidates.js';
import { PackedRegistry } from '../../packages/server/src/modules/linkage/packedRegistry.js';
import { validateRecordFields } from '../../packages/server/src/modules/records/validate.js';
import { incomingList, linkRecordsOf, PROFILES, registrySet, type Profile } from './sets.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '20000' },
    list: { type: 'string', default: '1200' },
    seed: { type: 'string', default: '5' },
    noise: { type: 'string', default: 'typical' },
    profile: { type: 'string', default: 'realistic' },
  },
});
const POPULATION = values.profile === 'harsh' ? 'harsh' : 'realistic';
const RATES = PROFILES[values.noise as Profile];
const SEED = Number(values.seed);

const WINDOWED = new Set(
  (
    [
      'family_phonetic+given',
      'given+family_head',
      'given+family_tail',
      'family_phonetic',
      'family_glyph_near',
    ] as const
  ).map((r) => BLOCKING_RULES.indexOf(r)),
);
const NEAR = BLOCKING_RULES.indexOf('family_glyph_near');
const CAP = Number(process.env['CAP'] ?? 300);

/** simulate.ts's index: which rule's key brought a record, or the first CAP records of each key. */
function simFind(
  byKey: Map<string, number[]>,
  families: Set<string>,
  recs: readonly LinkRecord[],
  q: LinkRecord,
): Set<number> {
  const out = new Set<number>();
  blockKeys(q).forEach((keys, rule) => {
    if (rule === NEAR && q.family !== null && families.has(q.family)) return;
    for (const k of keys) {
      let n = 0;
      for (const i of byKey.get(`${rule}:${k}`) ?? []) {
        if (!inWindow(q, recs[i] as LinkRecord, rule)) continue;
        if (++n > CAP) break;
        out.add(i);
      }
    }
  });
  return out;
}

function inWindow(q: LinkRecord, r: LinkRecord, rule: number): boolean {
  if (
    WINDOWED.has(rule) &&
    q.birthYear !== null &&
    r.birthYear !== null &&
    Math.abs(r.birthYear - q.birthYear) > 1
  )
    return false;
  if (rule === NEAR && q.birthYear === null && r.birthYear !== null) return false;
  return true;
}

/** The rules under which `r` shares a block with `q` (the index's windows), by name. */
function sharedRules(families: Set<string>, q: LinkRecord, r: LinkRecord): string[] {
  const kq = blockKeys(q);
  const kr = blockKeys(r);
  const out: string[] = [];
  kq.forEach((keys, rule) => {
    if (!keys.some((k) => (kr[rule] as readonly string[]).includes(k))) return;
    if (!inWindow(q, r, rule)) return;
    if (rule === NEAR && q.family !== null && families.has(q.family)) return;
    out.push(BLOCKING_RULES[rule] as string);
  });
  return out;
}

const uuid = (n: number, tag: string): string =>
  `00000000-0000-7000-${tag}-${n.toString(16).padStart(12, '0')}`;

for (const persons of (values.persons ?? '20000').split(',').map(Number)) {
  const t0 = Date.now();
  const rows = registrySet(persons, SEED, RATES, POPULATION);
  const recs = linkRecordsOf(rows, 'r');
  const byKey = new Map<string, number[]>();
  const families = new Set<string>();
  const recordsOf = new Map<string, number[]>();
  recs.forEach((r, i) => {
    if (r.family !== null) families.add(r.family);
    blockKeys(r).forEach((keys, rule) => {
      for (const k of keys) {
        const key = `${rule}:${k}`;
        const l = byKey.get(key);
        if (l) l.push(i);
        else byKey.set(key, [i]);
      }
    });
    const t = (rows[i] as { truth: string }).truth;
    const l = recordsOf.get(t);
    if (l) l.push(i);
    else recordsOf.set(t, [i]);
  });
  // The server's store of the same records, each man one person (its id: his first record's).
  const stored: StoredLinkRow[] = rows.map((row, i) => {
    const c = validateRecordFields(row);
    if (!c.ok) throw new Error('invalid generated row');
    const first = (recordsOf.get(row.truth) as number[])[0] as number;
    return linkRowOf(uuid(i, '8000'), uuid(first, '9000'), c.value);
  });
  const packed = PackedRegistry.fromRows(stored, families);
  const list = incomingList(persons, Number(values.list), SEED, RATES, POPULATION);
  const lrecs = linkRecordsOf(list, 'l');
  const known: number[] = [];
  list.forEach((row, k) => {
    if (!row.truth.startsWith('new-')) known.push(k);
  });
  const answers = packed.lookUp(known.map((k) => lrecs[k] as LinkRecord)).found;
  const tally = new Map<string, number>();
  const add = (k: string): void => {
    tally.set(k, (tally.get(k) ?? 0) + 1);
  };
  known.forEach((k, n) => {
    const row = list[k] as { truth: string; noise?: string };
    const q = lrecs[k] as LinkRecord;
    const cls = row.noise ?? 'clean';
    const mine = recordsOf.get(row.truth) ?? [];
    const shares = mine.some((i) => sharedRules(families, q, recs[i] as LinkRecord).length > 0);
    const found = simFind(byKey, families, recs, q);
    const sim = mine.some((i) => found.has(i)) ? 'found' : shares ? 'capped' : 'no block';
    const personId = uuid(mine[0] as number, '9000');
    const prod = (answers[n] ?? []).some((c) => c.personId === personId)
      ? 'found'
      : shares
        ? 'lost'
        : 'no block';
    add(`sim ${sim}\t${cls}`);
    add(`sim ${sim}\tall`);
    add(`server ${prod}\t${cls}`);
    add(`server ${prod}\tall`);
    if (prod === 'lost' && process.env['ROWS'])
      console.log(
        `lost\t${persons}\t${cls}\tsim:${sim}\tcands:${answers[n]?.length}\t` +
          mine.map((i) => sharedRules(families, q, recs[i] as LinkRecord).join('+') || '-').join(' | '),
      );
  });
  console.log(
    `${persons} persons, ${recs.length} records, ${POPULATION}${values.noise === 'typical' ? '' : ` (${values.noise})`}: ` +
      `${known.length} known rows (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
  for (const [k, v] of [...tally].sort()) console.log(`  ${k}\t${v}`);
}
