/**
 * How often names/decline.ts reads a record back to the nominative, and how often it touches one it must not
 * (issue #11, branch decl). Generated people only: for each person of a population (realistic or harsh), the
 * Ukrainian and Russian nominative records (with sex, without sex, without patronymic) must come back
 * untouched; the same names in the genitive as hold-out 2 writes them (bench/holdout2.ts `declined`, with the
 * record's sex and without) are counted as read back exactly, read otherwise, or left.
 *
 *   npx tsx --conditions=source bench/declension.ts [persons=20000] [profile=realistic|harsh]
 */
import { undeclineName } from '../packages/names/src/index.js';
import {
  generatePopulation,
  mulberry32,
  type PopulationProfile,
} from '../packages/server/src/seed/population.js';
import { holdout2Names } from './holdout2.js';
import { personNames, type Rendered } from './search/variants.js';

const PERSONS = Number(process.argv[2] ?? 20000);
const PROFILE = (process.argv[3] ?? 'realistic') as PopulationProfile;
const rand = mulberry32(7);
const same = (a: Rendered, b: { family: string | null; given: string | null; patronymic: string | null }) =>
  a.family === (b.family ?? '') && a.given === (b.given ?? '') && a.patronymic === (b.patronymic ?? '');

let nominative = 0;
let touched = 0;
const touchedExamples = new Map<string, number>();
let declined = 0;
let exact = 0;
let wrong = 0;
let left = 0;
const wrongEndings = new Map<string, number>();
for (const row of generatePopulation({ persons: PERSONS, seed: 11, profile: PROFILE })) {
  const p = personNames(row);
  const sex = row.sex === 'female' ? 'female' : 'male';
  for (const lang of ['uk', 'ru'] as const) {
    const forms: Rendered =
      lang === 'uk'
        ? { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk }
        : { family: p.familyRu, given: p.givenRu, patronymic: p.patronymicRu };
    for (const withSex of [true, false])
      for (const withPatronymic of [true, false]) {
        nominative++;
        const r = undeclineName({
          family: forms.family,
          given: forms.given,
          patronymic: withPatronymic && forms.patronymic !== '' ? forms.patronymic : null,
          sex: withSex ? sex : null,
        });
        if (r !== null) {
          touched++;
          const k = `${forms.family.slice(-3)} ${forms.given}`;
          touchedExamples.set(k, (touchedExamples.get(k) ?? 0) + 1);
        }
      }
  }
  const base: Rendered = { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk };
  for (const withSex of [true, false]) {
    const d = holdout2Names(p, row, base, 'declined', rand);
    // holdout2 draws the language; the nominative it declined is the one whose language the given name is in.
    const truth: Rendered =
      d.given === p.givenUk || !d.given.startsWith(p.givenRu.slice(0, 2))
        ? { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk }
        : { family: p.familyRu, given: p.givenRu, patronymic: p.patronymicRu };
    const ru: Rendered = { family: p.familyRu, given: p.givenRu, patronymic: p.patronymicRu };
    const uk: Rendered = { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk };
    declined++;
    const r = undeclineName({
      family: d.family,
      given: d.given,
      patronymic: d.patronymic === '' ? null : d.patronymic,
      sex: withSex ? sex : null,
    });
    if (r === null) {
      left++;
      const k = `left, sex ${withSex ? 'given' : 'not given'}, patronymic ${d.patronymic === '' ? 'none' : 'given'}`;
      wrongEndings.set(k, (wrongEndings.get(k) ?? 0) + 1);
    } else if (same(uk, r) || same(ru, r) || same(truth, r)) exact++;
    else {
      wrong++;
      const part =
        r.family !== uk.family && r.family !== ru.family
          ? `family ${uk.family.slice(-4)}→${r.family?.slice(-4)}`
          : r.given !== uk.given && r.given !== ru.given
            ? `given ${uk.given}→${r.given}`
            : 'patronymic';
      wrongEndings.set(part, (wrongEndings.get(part) ?? 0) + 1);
    }
  }
}
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(2)}%`;
console.log(`profile ${PROFILE}, ${PERSONS} persons`);
console.log(`nominative records touched: ${touched} of ${nominative} (${pct(touched, nominative)})`);
for (const [k, n] of [...touchedExamples].sort((a, b) => b[1] - a[1]).slice(0, 10))
  console.log(`  ${n} …${k}`);
console.log(
  `declined records: read back exactly ${exact} (${pct(exact, declined)}), read otherwise ${wrong} (${pct(wrong, declined)}), left ${left} (${pct(left, declined)}) of ${declined}`,
);
for (const [k, n] of [...wrongEndings].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${n} ${k}`);
