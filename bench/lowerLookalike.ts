/**
 * Two ways of writing a name that no generator writes (issue #11, stop lc2), measured as bench/holdout5Keys.ts
 * measures the fifth hold-out's classes: per class, the share of rows whose family / given / father key differs from
 * the person's own record's. Not a hold-out: written with the change it measures (names/capsLookalike.ts,
 * names/decline.ts); run it in another tree (copy the file) for the figures before.
 *
 * - `lower_typed`: a Cyrillic name in title case (or lower case, a third of the time) with the lower-case letters
 *   that look alike typed in Latin (а с е і о р х у → a c e i o p x y) and a look-alike capital too: "Tapac",
 *   "Шeвчeнкo" (every such letter 70% of the time, else each with chance 0.6).
 * - `lower_recased`: holdout5's look-alike capitals ("TAPAC", "OKCAHA") re-cased by a program: "Tapac Okcaha",
 *   or lower case.
 * - `latin_accusative`: a woman's names in the accusative ("Shevchuk Mariiu Ivanivnu"), the Ukrainian forms in
 *   KMU 2010, the Russian ones in ICAO or BGN.
 * - `latin_clean`: the person's names in a Latin style (KMU, ICAO, BGN, German, Polish) as rendered: how often a
 *   Latin name's keys differ (the other classes' floor, and what a wrong Cyrillic reading would add).
 *
 *   npx tsx --conditions=source bench/lowerLookalike.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { nameKeys, parseNameFields, romanizeRussian, romanizeUkrainian } from '@homecoming/names';
import { validateRecordFields } from '../packages/server/src/modules/records/validate.js';
import { generatePopulation, mulberry32 } from '../packages/server/src/seed/population.js';
import { capsLookalike } from './holdout5.js';
import { generateMixedPopulation } from './population/mixed.js';
import { personNames, renderNames, type Rendered, type ScriptStyle } from './search/variants.js';

const N = Number(process.env['PERSONS'] ?? 3000);
const SHOW = Number(process.env['SHOW'] ?? 0);
const LATIN_STYLES: ScriptStyle[] = ['kmu', 'icao', 'bgn', 'de', 'pl'];
const CLASSES = ['lower_typed', 'lower_recased', 'latin_accusative', 'latin_clean'] as const;
type Cls = (typeof CLASSES)[number];
const rand = mulberry32(23);
const population =
  process.env['PROFILE'] === 'mixed'
    ? [...generateMixedPopulation({ persons: N, seed: 3, source: 'k', families: 0 })]
    : [...generatePopulation({ persons: N, seed: 3, source: 'k', profile: 'realistic' })];
const CYRILLIC = /[\u0400-\u04ff]/u;
const TYPED: Readonly<Record<string, string>> = {
  а: 'a',
  с: 'c',
  е: 'e',
  і: 'i',
  о: 'o',
  р: 'p',
  х: 'x',
  у: 'y',
  А: 'A',
  В: 'B',
  С: 'C',
  Е: 'E',
  Н: 'H',
  І: 'I',
  К: 'K',
  М: 'M',
  О: 'O',
  Р: 'P',
  Т: 'T',
  Х: 'X',
};
const titleCase = (s: string): string =>
  s.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());
const each = (r: Rendered, f: (s: string) => string): Rendered => ({
  family: f(r.family),
  given: f(r.given),
  patronymic: r.patronymic === '' ? '' : f(r.patronymic),
});
const accusative = (s: string): string => s.replace(/ая$/u, 'ую').replace(/я$/u, 'ю').replace(/а$/u, 'у');

function write(cls: Cls, cyr: Rendered, female: boolean, lang: 'uk' | 'ru'): Rendered | null {
  const lower = rand() < 1 / 3;
  const share = rand() < 0.7 ? 1 : 0.6;
  switch (cls) {
    case 'lower_typed':
      return each(cyr, (s) =>
        [...(lower ? s.toLowerCase() : s)]
          .map((ch) => (TYPED[ch] !== undefined && rand() < share ? TYPED[ch] : ch))
          .join(''),
      );
    case 'lower_recased':
      return each(cyr, (s) => {
        const c = capsLookalike(s, share, rand);
        return lower ? c.toLowerCase() : titleCase(c);
      });
    case 'latin_accusative': {
      if (!female) return null;
      const roman = (s: string): string =>
        lang === 'uk' ? romanizeUkrainian(s) : romanizeRussian(s, rand() < 0.5 ? 'icao' : 'bgn');
      return each(cyr, (s) => roman(accusative(s)));
    }
    case 'latin_clean':
      return null;
  }
}

type Tally = { n: number; refused: number; family: number; given: number; father: number; shown: number };
const out: Record<string, Tally> = {};
for (const row of population) {
  const keysOf = (r: typeof row) => {
    const v = validateRecordFields(r);
    if (!v.ok) return null;
    return nameKeys(
      parseNameFields(v.value.family_name ?? '', v.value.given_name ?? '', v.value.patronymic ?? ''),
    );
  };
  const own = keysOf(row);
  if (own === null) continue;
  const p = personNames(row);
  for (const cls of CLASSES) {
    const lang = rand() < 0.6 ? 'uk' : 'ru';
    const cyr: Rendered =
      lang === 'uk'
        ? { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk }
        : { family: p.familyRu, given: p.givenRu, patronymic: p.patronymicRu };
    const w =
      cls === 'latin_clean'
        ? renderNames(p, LATIN_STYLES[Math.floor(rand() * LATIN_STYLES.length)] as ScriptStyle, rand)
        : CYRILLIC.test(cyr.family)
          ? write(cls, cyr, row.sex === 'female', lang)
          : null;
    if (w === null) continue;
    const e = (out[cls] ??= { n: 0, refused: 0, family: 0, given: 0, father: 0, shown: 0 });
    e.n++;
    const k = keysOf({ ...row, family_name: w.family, given_name: w.given, patronymic: w.patronymic });
    if (k === null) {
      e.refused++;
      continue;
    }
    const fam = k.family !== own.family;
    const giv = k.given !== own.given;
    const fat = own.father !== null && k.father !== own.father && w.patronymic !== '';
    if (fam) e.family++;
    if (giv) e.given++;
    if (fat) e.father++;
    if ((fam || giv || fat) && e.shown++ < SHOW)
      console.log(
        cls,
        JSON.stringify([w.family, w.given, w.patronymic]),
        JSON.stringify(k),
        JSON.stringify(own),
      );
  }
}
const f = (x: number, n: number): string => (x / n).toFixed(3);
for (const [cls, e] of Object.entries(out))
  console.log(
    `${cls.padEnd(17)} n ${String(e.n).padStart(5)}  refused ${f(e.refused, e.n)}  family differs ${f(e.family, e.n)}  given ${f(e.given, e.n)}  father ${f(e.father, e.n)}`,
  );
