/**
 * Which generated rows a change of the import's reading (records/validate.ts, registry/dates.ts) reads otherwise:
 * compares another tree's validateRecordFields (OLD_VALIDATE: its records/validate.ts) with this tree's on the rows
 * simulate:link links (registry and list, 20,000 persons, list 1,200, seed 5) of each guard set and hold-out — rows
 * refused by one and not the other, rows read to other fields, and rows whose name keys move. A guard whose rows
 * are all read alike links alike: simulate:link is deterministic in its rows.
 *
 *   OLD_VALIDATE=/tmp/base/packages/server/src/modules/records/validate.ts npx tsx --conditions=source bench/linkage/readChanged.ts
 *
 * SETS=realistic,harsh,mixed,holdout4/mixed,… (noise/profile; a bare profile is the typical noise). SHOW=n prints
 * n changed rows' name and date fields per set. Generated people only.
 */
import path from 'node:path';
import { normaliseServiceNumber, readServiceNumber, serviceNumberLevel } from '@homecoming/linkage';
import { nameKeys, parseNameFields } from '@homecoming/names';
import * as newValidate from '../../packages/server/src/modules/records/validate.js';
import { incomingList, PROFILES, registrySet, type Profile } from './sets.js';

const oldPath = process.env['OLD_VALIDATE'];
if (oldPath === undefined)
  throw new Error('OLD_VALIDATE: the records/validate.ts of the tree to compare with');
const oldValidate = (await import(path.resolve(oldPath))) as typeof newValidate;
const SHOW = Number(process.env['SHOW'] ?? 0);
const SETS = (
  process.env['SETS'] ??
  'realistic,harsh,mixed,holdout4/mixed,holdout3/mixed,holdout5,holdout5/mixed,holdout6,holdout6/mixed,holdout7,holdout7/mixed,holdout8,holdout8/mixed,holdout9,holdout9/mixed,holdout10,holdout10/mixed,holdout11,holdout11/mixed,holdout12,holdout12/mixed,holdout13,holdout13/mixed,holdout14,holdout14/mixed,holdout15,holdout15/mixed,holdout16,holdout16/mixed,holdout17,holdout17/mixed,holdout18,holdout18/mixed'
).split(',');
// A fixed day, so that both trees judge "the future" alike.
const TODAY = new Date('2026-12-01T00:00:00Z');

const keysOf = (v: newValidate.RecordContent): string => {
  const k = nameKeys(
    parseNameFields(v.family_name ?? undefined, v.given_name ?? undefined, v.patronymic ?? undefined),
  );
  return [k.family, k.familyPhonetic, k.given, k.father, k.givenInitial].join('|');
};

for (const set of SETS) {
  const [a, b] = set.split('/') as [string, string | undefined];
  const noise = b === undefined && !a.startsWith('holdout') ? 'typical' : a;
  const profile = b ?? (a.startsWith('holdout') ? 'realistic' : a);
  const population = profile === 'harsh' ? 'harsh' : profile === 'mixed' ? 'mixed' : 'realistic';
  const rates = PROFILES[noise as Profile];
  const rows = [
    ...registrySet(20000, 5, rates, population),
    ...incomingList(20000, 1200, 5, rates, population),
  ];
  let accepted = 0;
  let refusedBefore = 0;
  let refusedNow = 0;
  let readOtherwise = 0;
  let keysMoved = 0;
  let shown = 0;
  const byClass = new Map<string, number>();
  // sn16: the numbers as the comparison reads them (`readServiceNumber`) against the fold alone, and the pairs of
  // read numbers whose level is not what equality says (digits alone against a series and the same digits).
  let numberReadOtherwise = 0;
  const numbers = new Map<string, number>();
  for (const row of rows) {
    const o = oldValidate.validateRecordFields(row, {}, TODAY);
    const n = newValidate.validateRecordFields(row, {}, TODAY);
    if (n.ok && n.value.service_number !== null) {
      const read = readServiceNumber(n.value.service_number);
      if (read !== normaliseServiceNumber(n.value.service_number)) numberReadOtherwise++;
      if (read !== null) numbers.set(read, (numbers.get(read) ?? 0) + 1);
    }
    let changed = false;
    if (o.ok && n.ok) {
      accepted++;
      if (JSON.stringify(o.value) !== JSON.stringify(n.value)) {
        readOtherwise++;
        changed = true;
        if (keysOf(o.value) !== keysOf(n.value)) keysMoved++;
      }
    } else if (o.ok !== n.ok) {
      changed = true;
      if (!o.ok) refusedBefore++;
      else refusedNow++;
    }
    if (!changed) continue;
    const cls = row.noise ?? 'base';
    byClass.set(cls, (byClass.get(cls) ?? 0) + 1);
    if (shown++ < SHOW)
      console.log(
        `  ${set} ${cls}: ${JSON.stringify([row.family_name, row.given_name, row.patronymic, row.birth_date])}`,
      );
  }
  const byDigits = new Map<string, string[]>();
  for (const x of numbers.keys()) {
    const d = /\d+$/u.exec(x)?.[0]?.replace(/^0+/u, '');
    if (d === undefined) continue;
    const g = byDigits.get(d) ?? [];
    g.push(x);
    byDigits.set(d, g);
  }
  let pairsOtherwise = 0;
  let recordsOtherwise = 0;
  for (const g of byDigits.values())
    for (let i = 0; i < g.length; i++)
      for (let j = i + 1; j < g.length; j++)
        if (serviceNumberLevel(g[i] as string, g[j] as string) !== 1) {
          pairsOtherwise++;
          recordsOtherwise += (numbers.get(g[i] as string) ?? 0) * (numbers.get(g[j] as string) ?? 0);
        }
  console.log(
    `${set}: service numbers read otherwise by the comparison ${numberReadOtherwise}; pairs of numbers compared ` +
      `otherwise than equal/different ${pairsOtherwise} (record pairs ${recordsOtherwise})`,
  );
  console.log(
    `${set}: ${rows.length} rows; refused before, read now ${refusedBefore}; read before, refused now ${refusedNow}; ` +
      `read otherwise ${readOtherwise} of ${accepted} (name keys moved ${keysMoved})` +
      (byClass.size === 0 ? '' : `; by class ${[...byClass].map(([k, v]) => `${k} ${v}`).join(', ')}`),
  );
}
