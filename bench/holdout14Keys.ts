/**
 * What the fourteenth hold-out's classes (bench/holdout14.ts) do before the linkage sees them: for generated
 * persons, per class (and `clean`, the background's rendering alone), the share of rows the import refuses
 * (validateRecordFields) and, of the rows it takes, the share whose family / given / father key differs from the
 * person's own record's; then per class the rows the import takes with a wrong value: a birth date other than the
 * person's (`wrong date`), a name cell keyed from a ditto mark, a date or an editorial mark (`mark keyed`), and,
 * for `service_written`, a service number that folds (linkage/compare.ts) to another than the person's.
 *
 *   npx tsx --conditions=source bench/holdout14Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { hardConflict, normaliseServiceNumber, toLinkRecord, type LinkRecord } from '@homecoming/linkage';
import { validateRecordFields } from '../packages/server/src/modules/records/validate.js';
import { mulberry32 } from '../packages/server/src/seed/population.js';
import { HOLDOUT14_CLASSES, holdout14Names, type Holdout14Class } from './holdout14.js';
import { keysPopulation, printHoldoutKeys } from './keyTally.js';
import { personNames, renderNames } from './search/variants.js';

printHoldoutKeys(HOLDOUT14_CLASSES, holdout14Names, { clean: true });

const SHOW = Number(process.env['SHOW'] ?? 0);
const rand = mulberry32(19);
type Tally = { n: number; refused: number; wrongDate: number; markKeyed: number; serviceOther: number };
const out = new Map<Holdout14Class, Tally>();
const iso = (b: { year: number; month?: number | null; day?: number | null } | null): string =>
  b === null
    ? ''
    : [b.year, b.month, b.day]
        .filter((x) => x !== null && x !== undefined)
        .map((x, i) => String(x).padStart(i === 0 ? 4 : 2, '0'))
        .join('-');
/** A stored name that is a mark or a date, not a name. */
const NOT_A_NAME =
  /\d|\/\/|"|〃|^(?:те саме|те ж|теж|то же|тоже|do|ditto|same)$|нрзб|неразб|нерозб|illegib|\[|\]|\?|…|\.\.\./iu;
let shown = 0;
/**
 * Why a `service_written` row's number folds to another than the person's: the digits alone (the series dropped,
 * `digits`; leading zeros lost too, `digits, zeros lost`), a series in Latin letters the import left (`latin`), a
 * label left in (`label`), or `other`.
 */
function serviceWhy(written: string, stored: string | null): string {
  const s = stored ?? '';
  if (/^\d+$/u.test(s))
    return /^\d+(?:\.0+)?$/u.test(written) && !written.startsWith('0') && s.length < 6
      ? 'digits, zeros lost'
      : 'digits';
  if (/[A-Za-z]/u.test(written)) return 'latin';
  if (/[№#:]|^\p{L}+[.\s]/u.test(s)) return 'label';
  return 'other';
}
const serviceWhyCount = new Map<string, number>();
const serviceHard = new Map<string, number>();
const linkPair = (x: string | null, y: string | null): [LinkRecord, LinkRecord] => {
  const r = (sn: string | null, id: string): LinkRecord =>
    toLinkRecord({
      id,
      key_family: null,
      key_family_phonetic: null,
      key_given: null,
      key_father: null,
      given_name: null,
      patronymic: null,
      sex: null,
      birth_year: null,
      birth_month: null,
      birth_day: null,
      unit: null,
      service_number: sn,
    });
  return [r(x, 'a'), r(y, 'b')];
};
for (const row of keysPopulation()) {
  const p = personNames(row);
  for (const cls of Object.keys(HOLDOUT14_CLASSES) as Holdout14Class[]) {
    const base = renderNames(p, 'uk', rand);
    const w = holdout14Names(p, row, base, row.birth_date, cls, rand);
    if (w.applied !== cls) continue;
    const e = out.get(cls) ?? { n: 0, refused: 0, wrongDate: 0, markKeyed: 0, serviceOther: 0 };
    out.set(cls, e);
    e.n++;
    const v = validateRecordFields({
      ...row,
      family_name: w.family,
      given_name: w.given,
      patronymic: w.patronymic,
      birth_date: w.birth,
      service_number: w.serviceNumber ?? row.service_number,
    });
    if (!v.ok) {
      e.refused++;
      continue;
    }
    const date = iso(v.value.birth);
    const wrongDate = date !== '' && date !== row.birth_date;
    const names = [v.value.family_name, v.value.given_name, v.value.patronymic].filter(
      (x): x is string => x !== null && x !== undefined,
    );
    const markKeyed = names.some((x) => NOT_A_NAME.test(x));
    const serviceOther =
      normaliseServiceNumber(v.value.service_number) !== normaliseServiceNumber(row.service_number);
    if (wrongDate) e.wrongDate++;
    if (markKeyed) e.markKeyed++;
    if (cls === 'service_written' && serviceOther) {
      e.serviceOther++;
      const why = serviceWhy(w.serviceNumber ?? '', v.value.service_number ?? null);
      serviceWhyCount.set(why, (serviceWhyCount.get(why) ?? 0) + 1);
      if (hardConflict(...linkPair(v.value.service_number, row.service_number)) !== null)
        serviceHard.set(why, (serviceHard.get(why) ?? 0) + 1);
    }
    if ((wrongDate || markKeyed || (cls === 'service_written' && serviceOther)) && shown++ < SHOW)
      console.log(
        cls,
        JSON.stringify([w.family, w.given, w.patronymic, w.birth, w.serviceNumber ?? '']),
        '->',
        JSON.stringify([...names, date, v.value.service_number]),
      );
  }
}
const f = (x: number, of: number): string => (of === 0 ? '-' : (x / of).toFixed(3));
for (const [cls, e] of out)
  console.log(
    `${cls.padEnd(17)} n ${String(e.n).padStart(5)}  refused ${f(e.refused, e.n)}  wrong date ${f(e.wrongDate, e.n)}  mark keyed ${f(e.markKeyed, e.n)}  service folds to another ${f(e.serviceOther, e.n)}`,
  );
console.log(
  `service_written, folds to another (hard conflict with his own number): ${[...serviceWhyCount]
    .map(([why, n]) => `${why} ${n} (${serviceHard.get(why) ?? 0})`)
    .join(', ')}`,
);
