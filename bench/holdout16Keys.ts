/**
 * What the sixteenth hold-out's classes (bench/holdout16.ts) do before the linkage sees them: for generated
 * persons, per class (and `clean`, the background's rendering alone), the share of rows the import refuses
 * (validateRecordFields) and, of the rows it takes, the share whose family / given / father key differs from the
 * person's own record's; then per class the rows the import takes with a wrong value: a birth date other than the
 * person's (`wrong date`: a capture date read as the birth) and a stored name with a word that is no name of the
 * person's in it (`note kept`: a generation mark, a place, a relative's name).
 *
 *   npx tsx --conditions=source bench/holdout16Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { validateRecordFields } from '../packages/server/src/modules/records/validate.js';
import { mulberry32 } from '../packages/server/src/seed/population.js';
import { HOLDOUT16_CLASSES, holdout16Names, type Holdout16Class } from './holdout16.js';
import { keysPopulation, printHoldoutKeys } from './keyTally.js';
import { personNames, renderNames } from './search/variants.js';

printHoldoutKeys(HOLDOUT16_CLASSES, holdout16Names, { clean: true });

const SHOW = Number(process.env['SHOW'] ?? 0);
const rand = mulberry32(23);
type Tally = { n: number; refused: number; wrongDate: number; noteKept: number };
const out = new Map<Holdout16Class, Tally>();
const iso = (b: { year: number; month?: number | null; day?: number | null } | null): string =>
  b === null
    ? ''
    : [b.year, b.month, b.day]
        .filter((x) => x !== null && x !== undefined)
        .map((x, i) => String(x).padStart(i === 0 ? 4 : 2, '0'))
        .join('-');
/** A stored name with a mark, a place's or a relative's word, a bracket or a comma in it. */
const NOTE =
  /[(),]|\b(?:ст|мол|мл|Sr|Jr)\.|старш|молодш|младш|Senior|Junior|обл\.|(?:^|\s)[мс]\.\s|мати|мама|мать|дружина|жена|сестра|бабус|бабуш|дочка|mother|wife|sister/iu;
let shown = 0;
for (const row of keysPopulation()) {
  const p = personNames(row);
  for (const cls of Object.keys(HOLDOUT16_CLASSES) as Holdout16Class[]) {
    const base = renderNames(p, 'uk', rand);
    const w = holdout16Names(p, row, base, row.birth_date, cls, rand);
    if (w.applied !== cls) continue;
    const e = out.get(cls) ?? { n: 0, refused: 0, wrongDate: 0, noteKept: 0 };
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
    const noteKept = names.some((x) => NOTE.test(x));
    if (wrongDate) e.wrongDate++;
    if (noteKept) e.noteKept++;
    if ((wrongDate || noteKept) && shown++ < SHOW)
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
    `${cls.padEnd(22)} n ${String(e.n).padStart(5)}  refused ${f(e.refused, e.n)}  wrong date ${f(e.wrongDate, e.n)}  note kept ${f(e.noteKept, e.n)}`,
  );
