/**
 * What the eleventh hold-out's classes (bench/holdout11.ts) do before the linkage sees them: for generated persons,
 * per class (and `clean`, the background's rendering alone), the share of rows the import refuses
 * (validateRecordFields) and, of the rows it takes, the share whose family / given / father key differs from the
 * person's own record's; then, for `sex_written`, the share of sex columns read as another sex or as none, and for
 * `year_range`, the share of ranges read, and of those read the share whose year is not one of the two.
 *
 *   npx tsx --conditions=source bench/holdout11Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { validateRecordFields } from '../packages/server/src/modules/records/validate.js';
import { mulberry32 } from '../packages/server/src/seed/population.js';
import { HOLDOUT11_CLASSES, holdout11Names } from './holdout11.js';
import { keysPopulation, printHoldoutKeys } from './keyTally.js';
import { personNames, renderNames } from './search/variants.js';

printHoldoutKeys(HOLDOUT11_CLASSES, holdout11Names, { clean: true });

const SHOW = Number(process.env['SHOW'] ?? 0);
const rand = mulberry32(19);
let n = 0;
let refused = 0;
let other = 0;
let none = 0;
let ranges = 0;
let rangeRefused = 0;
let rangeOff = 0;
let shown = 0;
for (const row of keysPopulation()) {
  const p = personNames(row);
  const base = renderNames(p, 'uk', rand);
  const s = holdout11Names(p, row, base, row.birth_date, 'sex_written', rand);
  if (s.applied === 'sex_written' && s.sex !== undefined) {
    n++;
    const v = validateRecordFields({ ...row, sex: s.sex });
    if (!v.ok) refused++;
    else if (v.value.sex === null) none++;
    else if (v.value.sex !== row.sex) other++;
    if ((!v.ok || v.value.sex !== row.sex) && shown++ < SHOW)
      console.log('sex_written', JSON.stringify(s.sex), '->', v.ok ? v.value.sex : 'refused');
  }
  const y = holdout11Names(p, row, base, row.birth_date, 'year_range', rand);
  if (y.applied === 'year_range') {
    ranges++;
    const v = validateRecordFields({ ...row, birth_date: y.birth });
    const year = Number(row.birth_date.slice(0, 4));
    if (!v.ok) rangeRefused++;
    else if (
      v.value.birth !== null &&
      v.value.birth.year !== year &&
      v.value.birth.year !== year - 1 &&
      v.value.birth.year !== year + 1
    )
      rangeOff++;
    if (!v.ok && shown++ < SHOW) console.log('year_range', JSON.stringify(y.birth), '-> refused');
  }
}
const f = (x: number, of: number): string => (of === 0 ? '-' : (x / of).toFixed(3));
console.log(
  `sex_written       n ${String(n).padStart(5)}  refused ${f(refused, n)}  read as the other sex ${f(other, n)}  as none ${f(none, n)}`,
);
console.log(
  `year_range        n ${String(ranges).padStart(5)}  refused ${f(rangeRefused, ranges)}  read more than a year off ${f(rangeOff, ranges)}`,
);
