/**
 * What the thirteenth hold-out's classes (bench/holdout13.ts) do before the linkage sees them: for generated
 * persons, per class (and `clean`, the background's rendering alone), the share of rows the import refuses
 * (validateRecordFields) and, of the rows it takes, the share whose family / given / father key differs from the
 * person's own record's; then, for `formula_cell`, the share of guarded birth dates refused or read as another date.
 *
 *   npx tsx --conditions=source bench/holdout13Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { validateRecordFields } from '../packages/server/src/modules/records/validate.js';
import { mulberry32 } from '../packages/server/src/seed/population.js';
import { HOLDOUT13_CLASSES, holdout13Names } from './holdout13.js';
import { keysPopulation, printHoldoutKeys } from './keyTally.js';
import { personNames, renderNames } from './search/variants.js';

printHoldoutKeys(HOLDOUT13_CLASSES, holdout13Names, { clean: true });

const SHOW = Number(process.env['SHOW'] ?? 0);
const rand = mulberry32(19);
let n = 0;
let refused = 0;
let other = 0;
let shown = 0;
for (const row of keysPopulation()) {
  const p = personNames(row);
  const base = renderNames(p, 'uk', rand);
  const e = holdout13Names(p, row, base, row.birth_date, 'formula_cell', rand);
  if (e.applied !== 'formula_cell' || e.birth === row.birth_date) continue;
  n++;
  const v = validateRecordFields({ ...row, birth_date: e.birth });
  const iso = (b: { year: number; month?: number | null; day?: number | null } | null): string =>
    b === null
      ? ''
      : `${b.year}-${String(b.month ?? 0).padStart(2, '0')}-${String(b.day ?? 0).padStart(2, '0')}`;
  if (!v.ok) refused++;
  else if (iso(v.value.birth) !== row.birth_date) other++;
  if ((!v.ok || iso(v.value.birth) !== row.birth_date) && shown++ < SHOW)
    console.log('formula_cell', JSON.stringify(e.birth), '->', v.ok ? iso(v.value.birth) : 'refused');
}
const f = (x: number, of: number): string => (of === 0 ? '-' : (x / of).toFixed(3));
console.log(
  `formula_cell date n ${String(n).padStart(5)}  refused ${f(refused, n)}  read as another date ${f(other, n)}`,
);
