/**
 * How often names/decline.ts reads a record back to the nominative, and how often it touches one it must not
 * (issue #11, branch decl). Generated people only: for each person of a population (realistic or harsh), the
 * Ukrainian and Russian nominative records (with sex, without sex, without patronymic) must come back
 * untouched; the same names in the genitive as hold-out 2 writes them (bench/holdout2.ts `declined`, with the
 * record's sex and without) are counted as read back exactly, read otherwise, or left.
 *
 * Latin (branch trunc): the same nominatives romanized (KMU 2010 of the Ukrainian, ICAO of the Russian), and
 * noisy Latin renderings (BGN/PCGN, German, Polish, English, each with a typo in one part), must come back
 * untouched; the genitive romanized as the language of its given name is counted as read back when each part's
 * skeleton is the romanized nominative's (a key reads nothing else).
 *
 *   npx tsx --conditions=source bench/declension.ts [persons=20000] [profile=realistic|harsh]
 */
import {
  fatherClassOfPatronymic,
  givenNameClassOf,
  romanizeRussian,
  romanizeUkrainian,
  skeleton,
  undeclineName,
} from '../packages/names/src/index.js';
import {
  generatePopulation,
  mulberry32,
  type PopulationProfile,
} from '../packages/server/src/seed/population.js';
import { holdout2Names } from './holdout2.js';
import { applyTypo, personNames, renderNames, type Rendered, type TypoKind } from './search/variants.js';

const PERSONS = Number(process.argv[2] ?? 20000);
const PROFILE = (process.argv[3] ?? 'realistic') as PopulationProfile;
const rand = mulberry32(7);
// The Latin renderings' own stream: the Cyrillic figures draw as they did before the Latin part.
const latinRand = mulberry32(13);
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
let latinNominative = 0;
let latinTouched = 0;
let latinNoisy = 0;
let latinNoisyTouched = 0;
let latinDeclined = 0;
let latinExact = 0;
let latinWrong = 0;
let latinLeft = 0;
const latinWrongExamples: string[] = [];
const TYPOS: readonly TypoKind[] = ['substitution', 'deletion', 'transposition', 'doubling'];
for (const row of generatePopulation({ persons: PERSONS, seed: 11, profile: PROFILE })) {
  const p = personNames(row);
  const sex = row.sex === 'female' ? 'female' : 'male';
  const uk: Rendered = { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk };
  const ru: Rendered = { family: p.familyRu, given: p.givenRu, patronymic: p.patronymicRu };
  for (const lang of ['uk', 'ru'] as const) {
    const forms = lang === 'uk' ? uk : ru;
    const romanize = (t: string) => (lang === 'uk' ? romanizeUkrainian(t) : romanizeRussian(t, 'icao'));
    for (const withSex of [true, false])
      for (const withPatronymic of [true, false]) {
        // The nominative as written (Cyrillic), then romanized: neither may be read as declined.
        const read = (write: (t: string) => string) =>
          undeclineName({
            family: write(forms.family),
            given: write(forms.given),
            patronymic: withPatronymic && forms.patronymic !== '' ? write(forms.patronymic) : null,
            sex: withSex ? sex : null,
          });
        nominative++;
        if (read((t) => t) !== null) {
          touched++;
          const k = `${forms.family.slice(-3)} ${forms.given}`;
          touchedExamples.set(k, (touchedExamples.get(k) ?? 0) + 1);
        }
        latinNominative++;
        if (read(romanize) !== null) {
          latinTouched++;
          const k = `${romanize(forms.family)} ${romanize(forms.given)} ${romanize(forms.patronymic)}`;
          touchedExamples.set(k, (touchedExamples.get(k) ?? 0) + 1);
        }
      }
  }
  for (const style of ['bgn', 'de', 'pl', 'en', 'kmu', 'icao'] as const) {
    const forms = renderNames(p, style, latinRand);
    const part = (['family', 'given', 'patronymic'] as const)[Math.floor(latinRand() * 3)] ?? 'family';
    const kind = TYPOS[Math.floor(latinRand() * TYPOS.length)] ?? 'substitution';
    const typo = forms[part] === '' ? null : applyTypo(forms[part], kind, latinRand);
    const noisy: Rendered = typo === null ? forms : { ...forms, [part]: typo.q };
    for (const withSex of [true, false]) {
      latinNoisy++;
      const r = undeclineName({
        family: noisy.family,
        given: noisy.given,
        patronymic: noisy.patronymic === '' ? null : noisy.patronymic,
        sex: withSex ? sex : null,
      });
      if (r !== null) {
        latinNoisyTouched++;
        const k = `${style}: ${noisy.family} ${noisy.given} ${noisy.patronymic}`;
        touchedExamples.set(k, (touchedExamples.get(k) ?? 0) + 1);
      }
    }
  }
  for (const withSex of [true, false]) {
    const d = holdout2Names(p, row, uk, 'declined', rand);
    // holdout2 draws the language; the nominative it declined is the one whose language the given name is in.
    const truth = d.given === p.givenUk || !d.given.startsWith(p.givenRu.slice(0, 2)) ? uk : ru;
    {
      // The same genitive romanized, as the language of its given name (truth) writes it.
      const lang = truth === uk || (truth.given === uk.given && truth.family === uk.family) ? 'uk' : 'ru';
      const romanize = (t: string) => (lang === 'uk' ? romanizeUkrainian(t) : romanizeRussian(t, 'icao'));
      latinDeclined++;
      const r = undeclineName({
        family: romanize(d.family),
        given: romanize(d.given),
        patronymic: d.patronymic === '' ? null : romanize(d.patronymic),
        sex: withSex ? sex : null,
      });
      // As the keys read them: the surname's skeleton, the given name's class (else skeleton), the father's.
      const keys = (x: { family: string | null; given: string | null; patronymic: string | null }) =>
        [
          skeleton(x.family ?? ''),
          givenNameClassOf(x.given ?? '')?.id ?? skeleton(x.given ?? ''),
          fatherClassOfPatronymic(x.patronymic ?? '')?.id ?? skeleton(x.patronymic ?? ''),
        ].join('|');
      const romanized = (x: Rendered) => ({
        family: romanize(x.family),
        given: romanize(x.given),
        patronymic: d.patronymic === '' ? '' : romanize(x.patronymic),
      });
      if (r === null) latinLeft++;
      else if (
        [uk, ru, truth].some((t) => keys(romanized(t)) === keys({ ...r, patronymic: r.patronymic ?? '' }))
      )
        latinExact++;
      else {
        latinWrong++;
        const k = `latin: ${romanize(d.family)} ${romanize(d.given)} ${romanize(d.patronymic)} → ${r.family} ${r.given} ${r.patronymic ?? ''}`;
        if (latinWrongExamples.length < 15) latinWrongExamples.push(k);
      }
    }
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
console.log(
  `Latin nominative records touched: ${latinTouched} of ${latinNominative}; noisy Latin renderings touched: ${latinNoisyTouched} of ${latinNoisy}`,
);
console.log(
  `Latin declined records: read back (keys) ${latinExact} (${pct(latinExact, latinDeclined)}), read otherwise ${latinWrong} (${pct(latinWrong, latinDeclined)}), left ${latinLeft} (${pct(latinLeft, latinDeclined)}) of ${latinDeclined}`,
);
for (const k of latinWrongExamples) console.log(`  ${k}`);
