/**
 * What the tenth hold-out's classes (bench/holdout10.ts) do before the linkage sees them: for generated persons,
 * per class (and `clean`, the background's rendering alone), the share of rows the import refuses
 * (validateRecordFields) and, of the rows it takes, the share whose family / given / father key differs from the
 * person's own record's; then, for the date classes, the share of full dates read as another date or partly.
 *
 *   npx tsx --conditions=source bench/holdout10Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { validateRecordFields } from '../packages/server/src/modules/records/validate.js';
import { mulberry32 } from '../packages/server/src/seed/population.js';
import { HOLDOUT10_CLASSES, holdout10Names, type Holdout10Class } from './holdout10.js';
import { keysPopulation, printHoldoutKeys } from './keyTally.js';
import { personNames, renderNames } from './search/variants.js';

printHoldoutKeys(HOLDOUT10_CLASSES, holdout10Names, { clean: true });

const SHOW = Number(process.env['SHOW'] ?? 0);
const rand = mulberry32(19);
for (const cls of ['date_ocr', 'date_roman_cyr'] as Holdout10Class[]) {
  let n = 0;
  let refused = 0;
  let other = 0;
  let shown = 0;
  for (const row of keysPopulation()) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(row.birth_date)) continue;
    const p = personNames(row);
    const w = holdout10Names(p, row, renderNames(p, 'uk', rand), row.birth_date, cls, rand);
    if (w.applied !== cls) continue;
    n++;
    const v = validateRecordFields({ ...row, birth_date: w.birth });
    const got = v.ok ? (v.value.birth?.text ?? '') : null;
    if (got === null) refused++;
    else if (got !== row.birth_date) other++;
    if (got !== row.birth_date && shown++ < SHOW) console.log(cls, JSON.stringify(w.birth), '->', got);
  }
  console.log(
    `${cls.padEnd(17)} n ${String(n).padStart(5)}  refused ${(refused / n).toFixed(3)}  read otherwise ${(other / n).toFixed(3)}`,
  );
}
