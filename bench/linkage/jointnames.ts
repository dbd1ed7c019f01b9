/**
 * Whether the fields a link weighs are independent among strangers: over the base records (one per man, so
 * every pair is two men), the pairs agreeing on a combination of keys, against what the keys' own counts
 * predict if independent (Σ_a n_a² · Σ_b n_b² / N², halved). A ratio above 1 is evidence the model's product
 * of term frequencies overstates a whole name's rarity.
 *
 * npx tsx --conditions=source bench/linkage/jointnames.ts --persons 100000 [--profile realistic|harsh] [--noise holdout]
 */
import { parseArgs } from 'node:util';
import type { LinkRecord } from '@homecoming/linkage';
import { linkRecordsOf, populationOf, populationOptions } from './sets.js';

const { values } = parseArgs({ options: populationOptions('100000') });
const rows = populationOf(values);
const recs = linkRecordsOf(rows, 'r').filter((_, i) => rows[i]?.external_id === rows[i]?.truth);
type Key = (r: LinkRecord) => string | null;
const F: Key = (r) => r.family;
const G: Key = (r) => r.given;
const P: Key = (r) => r.father;
const Y: Key = (r) => (r.birthYear === null ? null : String(r.birthYear));
const S: Key = (r) => r.sex;
function pairs(keys: Key[], subset: (r: LinkRecord) => boolean = () => true): { pairs: number; n: number } {
  const m = new Map<string, number>();
  let n = 0;
  for (const r of recs) {
    if (!subset(r)) continue;
    const ks = keys.map((k) => k(r));
    if (ks.some((k) => k === null)) continue;
    n++;
    const k = ks.join('|');
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  let p = 0;
  for (const c of m.values()) p += (c * (c - 1)) / 2;
  return { pairs: p, n };
}
function ratio(a: Key[], b: Key[], label: string, subset?: (r: LinkRecord) => boolean): void {
  const all = [...a, ...b];
  const joint = pairs(all, subset);
  const pa = pairs(a, (r) => (subset?.(r) ?? true) && all.every((k) => k(r) !== null));
  const pb = pairs(b, (r) => (subset?.(r) ?? true) && all.every((k) => k(r) !== null));
  const n = joint.n;
  const full = (n * (n - 1)) / 2;
  const expected = (pa.pairs / full) * (pb.pairs / full) * full;
  console.log(
    `${label}: records ${n}, agreeing pairs ${joint.pairs}, independent ${expected.toFixed(1)}, ratio ${(joint.pairs / Math.max(1e-9, expected)).toFixed(2)}`,
  );
}
console.log(`${values.profile} ${values.noise} ${values.persons} persons, base records ${recs.length}`);
ratio([F], [G], 'family × given');
ratio([F], [G], 'family × given (men)', (r) => r.sex === 'male');
ratio([F], [G], 'family × given (women)', (r) => r.sex === 'female');
ratio([F, G], [Y], 'family+given × year');
ratio([G], [Y], 'given × year');
ratio([F, G], [P], 'family+given × father');
ratio([F, G, P], [Y], 'family+given+father × year');
ratio([P], [Y], 'father × year');
ratio([G], [P], 'given × father');
ratio([F], [S], 'family × sex');
ratio([G], [S], 'given × sex');
ratio([F], [Y], 'family × year');
ratio([F], [P], 'family × father');
