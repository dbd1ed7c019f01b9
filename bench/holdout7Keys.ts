/**
 * What the seventh hold-out's classes (bench/holdout7.ts) do before the linkage sees them: for generated persons,
 * per class (and `clean`, the background's rendering alone), the share of rows the import refuses (validateRecordFields) and, of the rows it takes, the share
 * whose family / given / father key differs from the person's own record's. A quick look before simulate:link.
 *
 *   npx tsx --conditions=source bench/holdout7Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { mulberry32 } from '../packages/server/src/seed/population.js';
import { HOLDOUT7_CLASSES, holdout7Names, type Holdout7Class } from './holdout7.js';
import { KeyTally, keysOf, keysPopulation } from './keyTally.js';
import { personNames, renderNames, type ScriptStyle } from './search/variants.js';

const STYLES: ScriptStyle[] = ['uk', 'ru', 'kmu', 'icao', 'bgn', 'de', 'pl'];
const rand = mulberry32(17);
const tally = new KeyTally();
for (const row of keysPopulation()) {
  const own = keysOf(row);
  if (own === null) continue;
  const p = personNames(row);
  for (const cls of ['clean', ...Object.keys(HOLDOUT7_CLASSES)] as (Holdout7Class | 'clean')[]) {
    const style = STYLES[Math.floor(rand() * STYLES.length)] as ScriptStyle;
    const base = renderNames(p, style, rand);
    // 'clean': the rendering alone, the keys' differences the background's spellings make by themselves.
    const w =
      cls === 'clean'
        ? { ...base, birth: row.birth_date, applied: cls }
        : holdout7Names(p, row, base, row.birth_date, cls, rand);
    if (w.applied === cls) tally.add(cls, row, own, w);
  }
}
tally.print();
