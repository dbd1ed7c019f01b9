/**
 * How far apart the birth years of one man's records are, and of namesakes' (issue #11, fs-14's rule on
 * partial dates): on the generated registries of the three populations, the true pairs that give two years
 * by gap (f: both full dates, p: a side gives only a year or a year and month), and the pairs of records of
 * two men with the same family and given keys, two to five years apart (slip: `yearDigitSlip` explains it).
 *
 * npx tsx --conditions=source bench/linkage/yeargaps.ts [--persons 20000] [--seed 5]
 */
import { parseArgs } from 'node:util';
import { yearDigitSlip, type LinkRecord } from '@homecoming/linkage';
import { linkRecordsOf, PROFILES, registrySet } from './sets.js';

const { values } = parseArgs({
  options: { persons: { type: 'string', default: '20000' }, seed: { type: 'string', default: '5' } },
});
const bump = (m: Map<string, number>, k: string): void => {
  m.set(k, (m.get(k) ?? 0) + 1);
};
const show = (m: Map<string, number>): string =>
  [...m]
    .sort()
    .map(([k, n]) => `${k}:${n}`)
    .join(' ');
const partial = (a: LinkRecord, b: LinkRecord): boolean => a.birthDay === null || b.birthDay === null;

for (const [profile, noise] of [
  ['realistic', 'typical'],
  ['realistic', 'holdout'],
  ['harsh', 'harsh'],
] as const) {
  const rows = registrySet(Number(values.persons), Number(values.seed), PROFILES[noise], profile);
  const recs = linkRecordsOf(rows, 'r');
  const groups = (key: (r: LinkRecord, i: number) => string | null): number[][] => {
    const m = new Map<string, number[]>();
    recs.forEach((r, i) => {
      const k = r.birthYear === null ? null : key(r, i);
      if (k !== null) m.set(k, [...(m.get(k) ?? []), i]);
    });
    return [...m.values()];
  };
  const truePairs = new Map<string, number>();
  for (const is of groups((_, i) => rows[i]?.truth ?? null))
    is.forEach((x, k) =>
      is.slice(k + 1).forEach((y) => {
        const a = recs[x] as LinkRecord;
        const b = recs[y] as LinkRecord;
        const gap = Math.abs((a.birthYear as number) - (b.birthYear as number));
        bump(truePairs, `${Math.min(gap, 6)}${partial(a, b) ? 'p' : 'f'}`);
      }),
    );
  const namesakes = new Map<string, number>();
  for (const is of groups((r) => (r.family && r.given ? `${r.family}|${r.given}` : null))) {
    if (is.length > 40) continue;
    is.forEach((x, k) =>
      is.slice(k + 1).forEach((y) => {
        if (rows[x]?.truth === rows[y]?.truth) return;
        const a = recs[x] as LinkRecord;
        const b = recs[y] as LinkRecord;
        const gap = Math.abs((a.birthYear as number) - (b.birthYear as number));
        if (gap < 2 || gap > 5) return;
        const p = partial(a, b);
        const slip = p && gap >= 3 && yearDigitSlip(a.birthYear as number, b.birthYear as number);
        bump(namesakes, `${gap}${p ? 'p' : 'f'}${slip ? 'slip' : ''}`);
      }),
    );
  }
  console.log(`${profile} ${noise}: true pairs by year gap ${show(truePairs)}`);
  console.log(`  namesakes 2-5 years apart: ${show(namesakes)}`);
}
