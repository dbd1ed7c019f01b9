/**
 * What the fifth hold-out's classes (bench/holdout5.ts) do before the linkage sees them: for generated persons,
 * per class, the share of rows the import refuses (validateRecordFields) and, of the rows it takes, the share
 * whose family / given / father key differs from the person's own record's. A quick look before simulate:link.
 *
 *   npx tsx --conditions=source bench/holdout5Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { mulberry32 } from '../packages/server/src/seed/population.js';
import { HOLDOUT5_CLASSES, holdout5Names, type Holdout5Class } from './holdout5.js';
import { KeyTally, keysOf, keysPopulation } from './keyTally.js';
import { personNames, renderNames, type ScriptStyle } from './search/variants.js';

const STYLES: ScriptStyle[] = ['uk', 'ru', 'kmu', 'icao', 'bgn', 'de', 'pl'];
const rand = mulberry32(17);
const tally = new KeyTally();
for (const row of keysPopulation()) {
  const own = keysOf(row);
  if (own === null) continue;
  const p = personNames(row);
  for (const cls of Object.keys(HOLDOUT5_CLASSES) as Holdout5Class[]) {
    const style = STYLES[Math.floor(rand() * STYLES.length)] as ScriptStyle;
    const w = holdout5Names(p, row, renderNames(p, style, rand), row.birth_date, cls, rand);
    if (w.applied === cls) tally.add(cls, row, own, w);
  }
}
tally.print();
