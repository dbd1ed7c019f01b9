/**
 * Which name keys the hold-out classes change (npm run holdout:keys): for generated persons, the keys of
 * each class's record against those of the person's own record, counted by class and key. A quick look
 * at where the name science loses a class, before running simulate:link / eval:search.
 * SHOW=n prints n differing examples per class (generated names only).
 */
import { nameKeys, parseNameFields } from '@homecoming/names';
import { generatePopulation, mulberry32 } from '../packages/server/src/seed/population.js';
import { HOLDOUT_CLASSES, holdoutNames, type HoldoutClass } from './holdout.js';
import { personNames, renderNames, type ScriptStyle } from './search/variants.js';

const N = Number(process.env['PERSONS'] ?? 3000);
const SHOW = Number(process.env['SHOW'] ?? 0);
const STYLES: ScriptStyle[] = ['uk', 'ru', 'kmu', 'icao', 'bgn', 'de', 'pl'];
const rand = mulberry32(17);
const out: Record<string, { n: number; family: number; given: number; father: number; shown: number }> = {};
const population = [...generatePopulation({ persons: N, seed: 3, source: 'k', profile: 'realistic' })];
for (const row of population) {
  const own = nameKeys(parseNameFields(row.family_name, row.given_name, row.patronymic));
  const p = personNames(row);
  for (const cls of Object.keys(HOLDOUT_CLASSES) as HoldoutClass[]) {
    const style = STYLES[Math.floor(rand() * STYLES.length)] as ScriptStyle;
    const w = holdoutNames(p, row.sex, renderNames(p, style, rand), cls, rand);
    if (w.applied !== cls) continue;
    const k = nameKeys(parseNameFields(w.family, w.given, w.patronymic));
    const e = (out[cls] ??= { n: 0, family: 0, given: 0, father: 0, shown: 0 });
    e.n++;
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
for (const [cls, e] of Object.entries(out))
  console.log(
    `${cls.padEnd(12)} n ${String(e.n).padStart(5)}  family differs ${(e.family / e.n).toFixed(3)}  given ${(e.given / e.n).toFixed(3)}  father ${(e.father / e.n).toFixed(3)}`,
  );
