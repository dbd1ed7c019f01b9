/**
 * Record pairs with a twin's signature — the surname, the patronymic and the full birth date agreeing — by how
 * their given names compare (`compareRecords`' level) and whether the names package classes each side (`c`) or
 * not (`x`): one man's pairs (what a rule against the signature would cost) beside relatives' (what it guards;
 * bench/RESULTS.md `tw`). Examples of one man's pairs with SHOW=n (generated names only).
 *
 * npx tsx --conditions=source bench/linkage/twinPairs.ts --persons 20000 [--profile realistic|harsh|mixed]
 *   [--noise typical|holdout9|…] [--families 0.3]
 */
import { parseArgs } from 'node:util';
import { compareRecords, LEVELS, type LinkRecord } from '@homecoming/linkage';
import { kinProbes, populationOptions, PROFILES, tally, tallyLine } from './sets.js';

const { values } = parseArgs({
  options: { ...populationOptions('20000'), families: { type: 'string', default: '0.3' } },
});
if (!Object.hasOwn(PROFILES, values.noise)) throw new Error(`--noise ${values.noise}: unknown`);
const profile = values.profile;
if (profile !== 'realistic' && profile !== 'harsh' && profile !== 'mixed')
  throw new Error(`--profile ${profile}: realistic, harsh or mixed`);
const { recs, noise, kin, byTruth } = kinProbes(values, profile);

const v = new Uint8Array(7);
const FAMILY_AGREES = new Set(['exact', 'phonetic', 'heard']);
const BIRTH_AGREES = new Set(['exact', 'day_month_swapped']);
/** The given names' level and classes when the pair has the signature, else null. */
function signature(x: LinkRecord, y: LinkRecord): string | null {
  compareRecords(x, y, v);
  if (!FAMILY_AGREES.has(LEVELS.family_name[v[0] as number] as string)) return null;
  if (LEVELS.patronymic[v[2] as number] !== 'same_class') return null;
  if (!BIRTH_AGREES.has(LEVELS.birth_date[v[3] as number] as string)) return null;
  const level = LEVELS.given_name[v[1] as number] as string;
  if (level === 'exact' || level === 'same_class' || level === 'missing') return null;
  const c = (k: string | null): string => (k === null ? '-' : k.startsWith('x:') ? 'x' : 'c');
  const other = x.given !== null && y.given !== null && x.given !== y.given ? '' : ' same-key';
  return `${level}:${c(x.given)}${c(y.given)}${other}`;
}

let truePairs = 0;
const trueSig = new Map<string, number>();
const examples: string[] = [];
for (const is of byTruth.values())
  for (let a = 0; a < is.length; a++)
    for (let b = a + 1; b < is.length; b++) {
      const x = recs[is[a] as number] as LinkRecord;
      const y = recs[is[b] as number] as LinkRecord;
      truePairs++;
      const s = signature(x, y);
      if (s === null) continue;
      const cls = noise[is[a] as number] === 'base' ? noise[is[b] as number] : noise[is[a] as number];
      tally(trueSig, `${s} ${cls}`);
      if (examples.length < Number(process.env['SHOW'] ?? 0))
        examples.push(`${s} ${cls}: ${x.given}/${x.givenSkeleton} ${y.given}/${y.givenSkeleton}`);
    }
const relPairs = new Map<string, number>();
const relSig = new Map<string, number>();
for (const [id, r] of kin.relatives)
  for (const i of byTruth.get(id) ?? [])
    for (const j of byTruth.get(r.of) ?? []) {
      tally(relPairs, r.kin);
      const s = signature(recs[i] as LinkRecord, recs[j] as LinkRecord);
      if (s !== null) tally(relSig, `${r.kin} ${s}`);
    }
console.log(`one man's record pairs ${truePairs}; with the signature, the given names not agreeing:`);
console.log(`  ${tallyLine(trueSig)}`);
console.log(`relatives' record pairs: ${tallyLine(relPairs)}`);
console.log(`  with the signature: ${tallyLine(relSig)}`);
for (const e of examples) console.log(e);
