/**
 * What the fifteenth hold-out's classes (bench/holdout15.ts) do before the linkage sees them: for generated
 * persons, per class (and `clean`, the background's rendering alone), the share of rows the import refuses
 * (validateRecordFields) and, of the rows it takes, the share whose family / given / father key differs from the
 * person's own record's; then per class the rows the import takes with a wrong value: a birth date other than the
 * person's (`wrong date`: a life span's second date or a capture date read as the birth) and a name cell keyed with
 * a digit or a mark in it (`mark keyed`: a namesake's number, a contraction's hyphen).
 *
 *   npx tsx --conditions=source bench/holdout15Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { validateRecordFields } from '../packages/server/src/modules/records/validate.js';
import { mulberry32 } from '../packages/server/src/seed/population.js';
import { HOLDOUT15_CLASSES, holdout15Names, type Holdout15Class } from './holdout15.js';
import { keysPopulation, printHoldoutKeys } from './keyTally.js';
import { personNames, renderNames } from './search/variants.js';

printHoldoutKeys(HOLDOUT15_CLASSES, holdout15Names, { clean: true });

const SHOW = Number(process.env['SHOW'] ?? 0);
const rand = mulberry32(19);
type Tally = { n: number; refused: number; wrongDate: number; markKeyed: number };
const out = new Map<Holdout15Class, Tally>();
const iso = (b: { year: number; month?: number | null; day?: number | null } | null): string =>
  b === null
    ? ''
    : [b.year, b.month, b.day]
        .filter((x) => x !== null && x !== undefined)
        .map((x, i) => String(x).padStart(i === 0 ? 4 : 2, '0'))
        .join('-');
/** A stored name with a digit, a namesake's Roman number or a contraction's inner hyphen in it. */
const NOT_A_NAME = /\d|#|_|\b(?:I|II|III)\b|\p{L}-(?:\p{Ll})/u;
let shown = 0;
for (const row of keysPopulation()) {
  const p = personNames(row);
  for (const cls of Object.keys(HOLDOUT15_CLASSES) as Holdout15Class[]) {
    const base = renderNames(p, 'uk', rand);
    const w = holdout15Names(p, row, base, row.birth_date, cls, rand);
    if (w.applied !== cls) continue;
    const e = out.get(cls) ?? { n: 0, refused: 0, wrongDate: 0, markKeyed: 0 };
    out.set(cls, e);
    e.n++;
    const v = validateRecordFields({
      ...row,
      family_name: w.family,
      given_name: w.given,
      patronymic: w.patronymic,
      birth_date: w.birth,
    });
    if (!v.ok) {
      e.refused++;
      continue;
    }
    const date = iso(v.value.birth);
    const wrongDate = date !== '' && !row.birth_date.startsWith(date);
    const names = [v.value.family_name, v.value.given_name, v.value.patronymic].filter(
      (x): x is string => x !== null && x !== undefined,
    );
    const markKeyed = cls !== 'spelling_tr' && names.some((x) => NOT_A_NAME.test(x));
    if (wrongDate) e.wrongDate++;
    if (markKeyed) e.markKeyed++;
    if ((wrongDate || markKeyed) && shown++ < SHOW)
      console.log(
        cls,
        JSON.stringify([w.family, w.given, w.patronymic, w.birth]),
        '->',
        JSON.stringify([...names, date]),
      );
  }
}
const f = (x: number, of: number): string => (of === 0 ? '-' : (x / of).toFixed(3));
for (const [cls, e] of out)
  console.log(
    `${cls.padEnd(22)} n ${String(e.n).padStart(5)}  refused ${f(e.refused, e.n)}  wrong date ${f(e.wrongDate, e.n)}  mark keyed ${f(e.markKeyed, e.n)}`,
  );
