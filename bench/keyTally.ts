/**
 * What the name-key scripts (holdout5Keys.ts, holdout6Keys.ts, holdout7Keys.ts, holdout8Keys.ts, lowerLookalike.ts) share: the
 * generated population they read (PERSONS, default 3,000; PROFILE=realistic|mixed), a row's name keys as the
 * import stores them (null where the import refuses the row), and per class the share of rows refused and, of the
 * rows taken, the share whose family / given / father key differs from the person's own record's. SHOW=n prints n
 * rows a class; `printHoldoutKeys` is a hold-out model's whole script.
 */
import { nameKeys, parseNameFields } from '@homecoming/names';
import { validateRecordFields } from '../packages/server/src/modules/records/validate.js';
import { generatePopulation, mulberry32 } from '../packages/server/src/seed/population.js';
import { generateMixedPopulation } from './population/mixed.js';
import {
  personNames,
  renderNames,
  type PersonNames,
  type Rendered,
  type ScriptStyle,
} from './search/variants.js';

const SHOW = Number(process.env['SHOW'] ?? 0);

/** The persons a key script reads: PERSONS of the PROFILE (seed 3). */
export function keysPopulation() {
  const persons = Number(process.env['PERSONS'] ?? 3000);
  return process.env['PROFILE'] === 'mixed'
    ? [...generateMixedPopulation({ persons, seed: 3, source: 'k', families: 0 })]
    : [...generatePopulation({ persons, seed: 3, source: 'k', profile: 'realistic' })];
}

type Row = ReturnType<typeof keysPopulation>[number];
type Keys = ReturnType<typeof nameKeys>;

/** A row's name keys as the import stores them, or null where the import refuses the row. */
export function keysOf(row: Row): Keys | null {
  const v = validateRecordFields(row);
  if (!v.ok) return null;
  return nameKeys(
    parseNameFields(v.value.family_name ?? '', v.value.given_name ?? '', v.value.patronymic ?? ''),
  );
}

/** A person's names (and birth date, where the class writes one) as a class writes them. */
export interface Written {
  family: string;
  given: string;
  patronymic: string;
  birth?: string;
  /** The sex column, where the class writes one (holdout11 `sex_written`). */
  sex?: string;
}

type Tally = { n: number; refused: number; family: number; given: number; father: number; shown: number };

/** Per class, the rows refused and the keys that differ from the person's own (`own`: keysOf the person's row). */
export class KeyTally {
  private readonly out: Record<string, Tally> = {};

  add(cls: string, row: Row, own: Keys, w: Written): void {
    const e = (this.out[cls] ??= { n: 0, refused: 0, family: 0, given: 0, father: 0, shown: 0 });
    e.n++;
    const k = keysOf({
      ...row,
      family_name: w.family,
      given_name: w.given,
      patronymic: w.patronymic,
      ...(w.birth === undefined ? {} : { birth_date: w.birth }),
      ...(w.sex === undefined ? {} : { sex: w.sex }),
    });
    if (k === null) {
      e.refused++;
      if (e.shown++ < SHOW) console.log(cls, 'refused', JSON.stringify(w.birth ?? row.birth_date));
      return;
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

  print(): void {
    const f = (x: number, n: number): string => (x / n).toFixed(3);
    for (const [cls, e] of Object.entries(this.out))
      console.log(
        `${cls.padEnd(17)} n ${String(e.n).padStart(5)}  refused ${f(e.refused, e.n)}  family differs ${f(e.family, e.n)}  given ${f(e.given, e.n)}  father ${f(e.father, e.n)}`,
      );
  }
}

/** How a hold-out model writes a person's names in one of its classes (holdout5Names … holdout8Names). */
export type HoldoutNamesOf<C extends string> = (
  p: PersonNames,
  row: Row,
  base: Rendered,
  birth: string,
  cls: C,
  rand: () => number,
) => Written & { applied: C | 'clean' };

const STYLES: ScriptStyle[] = ['uk', 'ru', 'kmu', 'icao', 'bgn', 'de', 'pl'];

/**
 * A hold-out model's keys script (holdout5Keys.ts …): each person of keysPopulation written in each of the model's
 * `classes` (with `clean` first, the rendering alone: the keys' differences the background's spellings make by
 * themselves), each in a script style drawn in turn (seed 17), tallied and printed.
 */
export function printHoldoutKeys<C extends string>(
  classes: Record<C, number>,
  names: HoldoutNamesOf<C>,
  opts: { clean: boolean },
): void {
  const rand = mulberry32(17);
  const tally = new KeyTally();
  const order = [...(opts.clean ? ['clean'] : []), ...Object.keys(classes)] as (C | 'clean')[];
  for (const row of keysPopulation()) {
    const own = keysOf(row);
    if (own === null) continue;
    const p = personNames(row);
    for (const cls of order) {
      const style = STYLES[Math.floor(rand() * STYLES.length)] as ScriptStyle;
      const base = renderNames(p, style, rand);
      const w =
        cls === 'clean'
          ? { ...base, birth: row.birth_date, applied: cls }
          : names(p, row, base, row.birth_date, cls, rand);
      if (w.applied === cls) tally.add(cls, row, own, w);
    }
  }
  tally.print();
}
