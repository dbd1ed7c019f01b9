/**
 * Which rows of the guard sets a change of the names package reads differently (stop lc2): the registry (20,000
 * persons) and the list (1,200 rows) that `simulate:link` draws with seed 5 for each guard set, read by the names
 * package built from an earlier commit (OLD_NAMES: its dist/index.js) and by this tree's — `undeclineName`,
 * `undeclineWords`, `parseNameFields` and `nameKeys`, and each name cell as the import's names steps read it
 * (`joinSpacedLetters`, `lowerStressCapitals`, `partJoinedWords`; nm15). A set none of whose rows reads differently links exactly as
 * before (the linkage sees nothing else of the names), so its guard run can be skipped. Prints counts, and with
 * SHOW=n the noise class and fields of n such rows (generated people only).
 *
 * SETS=a,b reads only those sets (names as printed: realistic, holdout5/mixed, holdout2 …).
 *
 *   OLD_NAMES=/tmp/base/packages/names/dist/index.js npx tsx --conditions=source bench/linkage/namesReadChanged.ts
 */
import path from 'node:path';
import * as newNames from '@homecoming/names';
import { incomingList, PROFILES, registrySet } from './sets.js';
const oldPath = process.env['OLD_NAMES'];
if (oldPath === undefined)
  throw new Error('OLD_NAMES: the dist/index.js of the names package to compare with');
const oldNames = (await import(path.resolve(oldPath))) as typeof newNames;
const read = (
  n: typeof newNames,
  r: { family_name?: string; given_name?: string; patronymic?: string; sex?: string },
) => {
  const [f, g, p] = [r.family_name || undefined, r.given_name || undefined, r.patronymic || undefined];
  const sex = r.sex === 'male' || r.sex === 'female' ? r.sex : null;
  const words = [f, g, p]
    .filter((x) => x !== undefined)
    .join(' ')
    .split(/\s+/u);
  const parsed = n.parseNameFields(f, g, p);
  const cells = [f, g, p].map((c) => {
    if (c === undefined) return null;
    const joined = n.joinSpacedLetters(c) ?? c;
    const unstressed = n.lowerStressCapitals(joined) ?? joined;
    return n.partJoinedWords(unstressed) ?? unstressed;
  });
  return JSON.stringify([
    cells,
    n.undeclineName({ family: f ?? null, given: g ?? null, patronymic: p ?? null, sex }),
    n.undeclineWords(words),
    parsed,
    n.nameKeys(parsed),
  ]);
};
const SETS: [string, keyof typeof PROFILES, 'realistic' | 'harsh' | 'mixed'][] = [
  ['realistic', 'typical', 'realistic'],
  ['harsh', 'typical', 'harsh'],
  ['mixed', 'typical', 'mixed'],
  ['holdout4/mixed', 'holdout4', 'mixed'],
  ['holdout3/mixed', 'holdout3', 'mixed'],
  ['holdout5', 'holdout5', 'realistic'],
  ['holdout5/mixed', 'holdout5', 'mixed'],
  ['holdout6/mixed', 'holdout6', 'mixed'],
  ['holdout2', 'holdout2', 'realistic'],
  ['holdout7', 'holdout7', 'realistic'],
  ['holdout7/mixed', 'holdout7', 'mixed'],
  ['holdout8', 'holdout8', 'realistic'],
  ['holdout8/mixed', 'holdout8', 'mixed'],
  ['holdout9', 'holdout9', 'realistic'],
  ['holdout9/mixed', 'holdout9', 'mixed'],
  ['holdout10', 'holdout10', 'realistic'],
  ['holdout10/mixed', 'holdout10', 'mixed'],
  ['holdout11', 'holdout11', 'realistic'],
  ['holdout11/mixed', 'holdout11', 'mixed'],
  ['holdout12', 'holdout12', 'realistic'],
  ['holdout12/mixed', 'holdout12', 'mixed'],
  ['holdout13', 'holdout13', 'realistic'],
  ['holdout13/mixed', 'holdout13', 'mixed'],
  ['holdout14', 'holdout14', 'realistic'],
  ['holdout14/mixed', 'holdout14', 'mixed'],
  ['holdout15', 'holdout15', 'realistic'],
  ['holdout15/mixed', 'holdout15', 'mixed'],
  ['holdout16', 'holdout16', 'realistic'],
  ['holdout16/mixed', 'holdout16', 'mixed'],
  ['holdout17', 'holdout17', 'realistic'],
  ['holdout17/mixed', 'holdout17', 'mixed'],
  ['holdout18', 'holdout18', 'realistic'],
  ['holdout18/mixed', 'holdout18', 'mixed'],
];
const only = process.env['SETS']?.split(',');
for (const [name, noise, pop] of SETS) {
  if (only !== undefined && !only.includes(name)) continue;
  const rows = [
    ...registrySet(20000, 5, PROFILES[noise], pop, 0),
    ...incomingList(20000, 1200, 5, PROFILES[noise], pop, 0),
  ];
  let changed = 0;
  const show: string[] = [];
  for (const r of rows) {
    if (read(oldNames, r) === read(newNames, r)) continue;
    changed++;
    if (show.length < Number(process.env['SHOW'] ?? 0))
      show.push(
        `${(r as { noise?: string }).noise ?? ''} ${[r.family_name, r.given_name, r.patronymic].join('|')}`,
      );
  }
  console.log(`${name}: ${rows.length} rows, read differently ${changed}`);
  for (const s of show) console.log('  ', s);
}
