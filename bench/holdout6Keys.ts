/**
 * What the sixth hold-out's classes (bench/holdout6.ts) do before the linkage sees them: for generated persons,
 * per class (and `clean`, the background's rendering alone), the share of rows the import refuses (validateRecordFields) and, of the rows it takes, the share
 * whose family / given / father key differs from the person's own record's. A quick look before simulate:link.
 *
 *   npx tsx --conditions=source bench/holdout6Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { nameKeys, parseNameFields } from '@homecoming/names';
import { validateRecordFields } from '../packages/server/src/modules/records/validate.js';
import { generatePopulation, mulberry32 } from '../packages/server/src/seed/population.js';
import { HOLDOUT6_CLASSES, holdout6Names, type Holdout6Class } from './holdout6.js';
import { generateMixedPopulation } from './population/mixed.js';
import { personNames, renderNames, type ScriptStyle } from './search/variants.js';

const N = Number(process.env['PERSONS'] ?? 3000);
const SHOW = Number(process.env['SHOW'] ?? 0);
const STYLES: ScriptStyle[] = ['uk', 'ru', 'kmu', 'icao', 'bgn', 'de', 'pl'];
const rand = mulberry32(17);
const population =
  process.env['PROFILE'] === 'mixed'
    ? [...generateMixedPopulation({ persons: N, seed: 3, source: 'k', families: 0 })]
    : [...generatePopulation({ persons: N, seed: 3, source: 'k', profile: 'realistic' })];
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
  for (const cls of ['clean', ...Object.keys(HOLDOUT6_CLASSES)] as (Holdout6Class | 'clean')[]) {
    const style = STYLES[Math.floor(rand() * STYLES.length)] as ScriptStyle;
    const base = renderNames(p, style, rand);
    // 'clean': the rendering alone, the keys' differences the background's spellings make by themselves.
    const w =
      cls === 'clean'
        ? { ...base, birth: row.birth_date, applied: cls }
        : holdout6Names(p, row, base, row.birth_date, cls, rand);
    if (w.applied !== cls) continue;
    const e = (out[cls] ??= { n: 0, refused: 0, family: 0, given: 0, father: 0, shown: 0 });
    e.n++;
    const written = {
      ...row,
      family_name: w.family,
      given_name: w.given,
      patronymic: w.patronymic,
      birth_date: w.birth,
    };
    const k = keysOf(written);
    if (k === null) {
      e.refused++;
      if (e.shown++ < SHOW) console.log(cls, 'refused', JSON.stringify(w.birth));
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
