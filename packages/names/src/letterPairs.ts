/**
 * How plausible a word is as a name in its script, by letter pairs: a bigram model (with the word's start and
 * end as letters of their own) of Cyrillic names and of their romanizations, built from the package's own
 * tables (surnames, given names and their diminutives, patronymics, in Ukrainian and Russian, and their
 * KMU-2010, ICAO and BGN romanizations and Latin spellings). It knows no name; it knows which letters follow
 * which in names, so that "шевченко" reads as Cyrillic and "itdxtyrj" does not read as Latin, whatever the
 * surname. Built on first use (a few thousand words, a few milliseconds). Pure; no I/O.
 */
import { SEED_GIVEN_NAME_CLASSES } from './data/givenNames.js';
import { RUSSIAN_SURNAMES, UKRAINIAN_SURNAMES } from './data/surnames.js';
import { patronymicOf } from './patronymic.js';
import { romanizeRussian, romanizeUkrainian } from './romanize.js';

export type NameScript = 'cyrillic' | 'latin';

const ALPHABET: Record<NameScript, string> = {
  cyrillic: "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя'",
  latin: "abcdefghijklmnopqrstuvwxyz'",
};
/** A word's start and end, as a letter of their own. */
const EDGE = '#';
/** Added to every pair's count: an unseen pair is rare, not impossible. */
const SMOOTHING = 0.1;

interface Model {
  /** log P(next | letter), by `letter + next`; a pair missing here is one the alphabet cannot form. */
  readonly logP: ReadonlyMap<string, number>;
  /** The log-probability of a pair never seen, by its first letter. */
  readonly unseen: ReadonlyMap<string, number>;
}

function buildModel(script: NameScript, words: Iterable<string>): Model {
  const letters = [...ALPHABET[script]];
  const counts = new Map<string, number>();
  const totals = new Map<string, number>();
  for (const w of words) {
    const chars = [EDGE, ...w, EDGE];
    if (!chars.every((c) => c === EDGE || letters.includes(c))) continue;
    for (let i = 1; i < chars.length; i++) {
      const a = chars[i - 1] as string;
      const pair = a + (chars[i] as string);
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
      totals.set(a, (totals.get(a) ?? 0) + 1);
    }
  }
  const nexts = letters.length + 1;
  const logP = new Map<string, number>();
  const unseen = new Map<string, number>();
  for (const a of [EDGE, ...letters]) {
    const total = (totals.get(a) ?? 0) + SMOOTHING * nexts;
    unseen.set(a, Math.log(SMOOTHING / total));
    for (const b of [...letters, EDGE]) {
      const c = counts.get(a + b);
      if (c !== undefined) logP.set(a + b, Math.log((c + SMOOTHING) / total));
    }
  }
  return { logP, unseen };
}

/** Every Cyrillic form of the tables' names, lower case: surnames (both sexes), given names, patronymics. */
function cyrillicNames(): string[] {
  const out: string[] = [];
  for (const e of [...UKRAINIAN_SURNAMES, ...RUSSIAN_SURNAMES])
    for (const f of [e.uk, e.ru, e.ukFeminine, e.ruFeminine]) if (f !== undefined) out.push(f);
  // The seed's names: the letter model (script, keyboard layout and capitals decisions) stays what it was.
  for (const c of SEED_GIVEN_NAME_CLASSES) {
    out.push(...c.uk, ...c.ru, ...(c.diminutives ?? []));
    if (c.sex === 'male')
      for (const lang of ['uk', 'ru'] as const)
        for (const sex of ['male', 'female'] as const) out.push(patronymicOf(c, sex, lang));
  }
  return out;
}

let models: Record<NameScript, Model> | null = null;

function modelOf(script: NameScript): Model {
  if (models === null) {
    const cyr = cyrillicNames();
    const split = (ws: Iterable<string>): string[] =>
      [...ws]
        .flatMap((w) =>
          w
            .toLowerCase()
            .replace(/[’ʼ]/gu, "'")
            .split(/[\s-]+/u),
        )
        .filter((w) => w !== '');
    const latin = new Set<string>();
    for (const w of cyr) {
      latin.add(romanizeUkrainian(w));
      latin.add(romanizeRussian(w, 'icao'));
      latin.add(romanizeRussian(w, 'bgn'));
    }
    for (const c of SEED_GIVEN_NAME_CLASSES) for (const l of c.latin) latin.add(l);
    models = {
      cyrillic: buildModel('cyrillic', split(new Set(cyr))),
      latin: buildModel('latin', split(latin)),
    };
  }
  return models[script];
}

/** A word's letter pairs under the model of `script`: their summed log-probability and their number. */
export interface PairScore {
  logP: number;
  pairs: number;
}

/** The log-probability of a pair with a character the script's names never have (a sign, a digit). */
const FOREIGN = Math.log(SMOOTHING / 1000);

/**
 * The letter-pair log-probability of one word under the model of `script` (any case; the word's start and end
 * count as pairs). A character outside the script's letters and the apostrophe is allowed but makes both its
 * pairs all but impossible.
 */
export function letterPairScore(word: string, script: NameScript): PairScore {
  const model = modelOf(script);
  const chars = [EDGE, ...word.toLowerCase().replace(/[’ʼ]/gu, "'"), EDGE];
  let logP = 0;
  for (let i = 1; i < chars.length; i++) {
    const a = chars[i - 1] as string;
    const b = chars[i] as string;
    const known = model.logP.get(a + b);
    if (known !== undefined) logP += known;
    else if (b !== EDGE && !ALPHABET[script].includes(b)) logP += FOREIGN;
    else logP += model.unseen.get(a) ?? FOREIGN;
  }
  return { logP, pairs: chars.length - 1 };
}

let tableNames: ReadonlySet<string> | null = null;

/**
 * Whether a Cyrillic word is a name of the package's tables (a surname of either sex, a given name or its
 * diminutive, a patronymic), any case, ё as е.
 */
export function isTableName(word: string): boolean {
  tableNames ??= new Set(cyrillicNames().map((w) => w.toLowerCase().replace(/ё/gu, 'е')));
  return tableNames.has(word.toLowerCase().replace(/ё/gu, 'е'));
}
