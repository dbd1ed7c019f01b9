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
import { romanizeRussian, romanizeUkrainian } from '@homecoming/names';
import { mulberry32 } from '../packages/server/src/seed/population.js';
import { capsLookalike } from './holdout5.js';
import { KeyTally, keysOf, keysPopulation } from './keyTally.js';
import { personNames, renderNames, type Rendered, type ScriptStyle } from './search/variants.js';

const LATIN_STYLES: ScriptStyle[] = ['kmu', 'icao', 'bgn', 'de', 'pl'];
const CLASSES = ['lower_typed', 'lower_recased', 'latin_accusative', 'latin_clean'] as const;
type Cls = (typeof CLASSES)[number];
const rand = mulberry32(23);
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

const tally = new KeyTally();
for (const row of keysPopulation()) {
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
    if (w !== null) tally.add(cls, row, own, w);
  }
}
tally.print();
