/**
 * How names typed with the keyboard in the wrong layout are read back (names/keyboard.ts), and whether a clean
 * name is ever taken for one: generated persons of the realistic and the mixed population, each written in
 * every script style (Ukrainian and Russian Cyrillic, KMU, ICAO, BGN, German, Polish spellings, and for the
 * mixed groups their own Latin spelling), as a record's three fields and as a query's one line.
 *
 * (a) clean names read as retyped: must be 0, by the tables and by letter pairs;
 * (b) the same names typed in the wrong layout (Cyrillic on the Latin keys, Latin on the Ukrainian or Russian
 *     ones, as bench/holdout3.ts types them): read back to the name as written, by the tables alone (before the
 *     letter-pair reading) and by either (after).
 *
 * npx tsx --conditions=source bench/linkage/layoutEvidence.ts [--persons 5000] [--seed 1] [--show 0] [--before <dir>]
 * --show n prints n examples of each failure (generated names only); --before reads the same names also with
 * another tree's packages/names/src/keyboard.ts (the tree before a change), in its own column.
 */
import { parseArgs } from 'node:util';
import { readKeyboardLayout, skeleton } from '@homecoming/names';
import { generatePopulation, mulberry32 } from '../../packages/server/src/seed/population.js';
import { typedInCyrillicLayout, typedInLatinLayout } from '../holdout3.js';
import { generateMixedPopulation, NATIVE_SPELLING } from '../population/mixed.js';
import { personNames, renderNames, type Rendered, type ScriptStyle } from '../search/variants.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
    show: { type: 'string', default: '0' },
    before: { type: 'string' },
  },
});
type Retype = (fields: readonly (string | null)[], given?: number) => (string | null)[] | null;
const beforeRetype: Retype | null =
  values.before === undefined
    ? null
    : ((await import(`${values.before}/packages/names/src/keyboard.ts`)) as { retypeKeyboardLayout: Retype })
        .retypeKeyboardLayout;
const PERSONS = Number(values.persons);
const SHOW = Number(values.show);
const STYLES: ScriptStyle[] = ['uk', 'ru', 'kmu', 'icao', 'bgn', 'de', 'pl'];
const CYRILLIC = /[\u0400-\u04ff]/u;

interface Tally {
  clean: number;
  cleanTables: number;
  cleanLetters: number;
  typed: number;
  readTables: number;
  readEither: number;
  wrongReading: number;
  cleanBefore: number;
  readBefore: number;
}
const zeroTally = (): Tally => ({
  clean: 0,
  cleanTables: 0,
  cleanLetters: 0,
  typed: 0,
  readTables: 0,
  readEither: 0,
  wrongReading: 0,
  cleanBefore: 0,
  readBefore: 0,
});
const tallies = new Map<string, Tally>();
const tally = (key: string): Tally => {
  let t = tallies.get(key);
  if (t === undefined) {
    t = zeroTally();
    tallies.set(key, t);
  }
  return t;
};
const shown = new Map<string, number>();
const show = (kind: string, what: unknown): void => {
  const n = shown.get(kind) ?? 0;
  if (n >= SHOW) return;
  shown.set(kind, n + 1);
  console.log(kind, JSON.stringify(what));
};

/** The forms to test of one rendering: the record's three fields (patronymic kept or dropped) and a query. */
function forms(r: Rendered): { fields: (string | null)[]; given: number | undefined }[] {
  const f = (s: string): string | null => (s === '' ? null : s);
  return [
    { fields: [f(r.family), f(r.given), f(r.patronymic)], given: 1 },
    { fields: [f(r.family), f(r.given), null], given: 1 },
    { fields: [r.family, r.given, r.patronymic].filter((s) => s !== ''), given: undefined },
  ];
}

/** Read back: each field the same on the skeleton (і and ы, є and э are one key; the keys fold them alike). */
const same = (a: readonly (string | null)[], b: readonly (string | null)[]): boolean =>
  a.length === b.length && a.every((x, i) => skeleton(x ?? '') === skeleton(b[i] ?? ''));

function run(population: string, rows: Iterable<ReturnType<typeof personNames> & { mixed: boolean }>): void {
  const rand = mulberry32(Number(values.seed) * 97 + 5);
  for (const p of rows) {
    const renderings: [string, Rendered][] = STYLES.map((s) => [s, renderNames(p, s, rand)]);
    const native = {
      family: NATIVE_SPELLING.get(p.familyUk),
      given: NATIVE_SPELLING.get(p.givenUk),
    };
    if (p.mixed && native.family !== undefined)
      renderings.push([
        'native',
        { family: native.family, given: native.given ?? p.givenUk, patronymic: '' },
      ]);
    for (const [style, r] of renderings) {
      const cyr = CYRILLIC.test(r.family);
      const key = `${population} ${cyr ? 'cyrillic' : 'latin'}`;
      const t = tally(key);
      for (const form of forms(r)) {
        t.clean++;
        const clean = readKeyboardLayout(form.fields, form.given);
        if (clean !== null) {
          if (clean.by === 'tables') t.cleanTables++;
          else t.cleanLetters++;
          show(`clean read as retyped (${clean.by}, ${style}):`, [form.fields, clean.fields]);
        }
        if (beforeRetype?.(form.fields, form.given) != null) t.cleanBefore++;
        if (style === 'native' && /[^A-Za-z\s'-]/u.test(form.fields.join(''))) continue;
        const russian = cyr ? style === 'ru' : rand() < 0.3;
        const typed = form.fields.map((s) =>
          s === null ? null : cyr ? typedInLatinLayout(s, russian) : typedInCyrillicLayout(s, russian),
        );
        const untyped = cyr ? CYRILLIC : /[A-Za-z\u00c0-\u024f]/u;
        if (typed.some((s) => s !== null && untyped.test(s))) continue;
        t.typed++;
        const old = beforeRetype?.(typed, form.given);
        if (old != null && same(old, form.fields)) t.readBefore++;
        const back = readKeyboardLayout(typed, form.given);
        if (back === null) {
          show(`typed not read (${style}):`, [form.fields, typed]);
          continue;
        }
        if (!same(back.fields, form.fields)) {
          t.wrongReading++;
          show(`typed read otherwise (${back.by}, ${style}):`, [form.fields, back.fields]);
          continue;
        }
        t.readEither++;
        if (back.by === 'tables') t.readTables++;
      }
    }
  }
}

const realistic = generatePopulation({ persons: PERSONS, seed: Number(values.seed), profile: 'realistic' });
run(
  'realistic',
  (function* () {
    for (const row of realistic) yield { ...personNames(row), mixed: false };
  })(),
);
run(
  'mixed',
  (function* () {
    for (const row of generateMixedPopulation({ persons: PERSONS, seed: Number(values.seed) }))
      yield { ...personNames(row), mixed: true };
  })(),
);

const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);
console.log(
  'population script   | clean forms | read as retyped: tables letters [before tree] | typed | read back: tables only | tables or letters | [before tree] | read otherwise',
);
/** A column of the tree before (--before), in brackets, or nothing. */
const before = (text: string | number): string => (beforeRetype === null ? '' : ` [${text}]`);
const total: Tally = zeroTally();
for (const [key, t] of [...tallies].sort()) {
  for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
  console.log(
    `${key.padEnd(19)} | ${t.clean} | ${t.cleanTables} ${t.cleanLetters}${before(t.cleanBefore)} | ${t.typed} | ${pct(t.readTables, t.typed)} | ${pct(t.readEither, t.typed)} |${before(pct(t.readBefore, t.typed))} | ${t.wrongReading}`,
  );
}
console.log(
  `${'all'.padEnd(19)} | ${total.clean} | ${total.cleanTables} ${total.cleanLetters}${before(total.cleanBefore)} | ${total.typed} | ${pct(total.readTables, total.typed)} | ${pct(total.readEither, total.typed)} |${before(pct(total.readBefore, total.typed))} | ${total.wrongReading}`,
);
