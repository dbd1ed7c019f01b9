/**
 * Names typed with the keyboard in the wrong layout: a Cyrillic name typed while the Latin (US) layout was on
 * ("Itdxtyrj Nfhfc" for Шевченко Тарас, "<jylfhtyrj" for Бондаренко: Shift gives the US signs), or a Latin one
 * typed while the Ukrainian or Russian ЙЦУКЕН layout was on ("Ырумсрутлщ Ефкфы" for Shevchenko Taras). Offices
 * that switch layouts all day write such rows, and relatives type such queries.
 *
 * Text is read as retyped only on evidence: every word retypes (each character is a key of the layout), no word
 * as written is a given name or patronymic already, and either the word that should hold a given name reads as
 * a given name once retyped (any script or spelling the given-name tables know: Тарас, Олександр, Taras), or,
 * for names the tables do not know (Саркісян Ашот, Beridze Gia), the retyped text reads as far more plausible
 * in its script than the text as written, by the letter pairs of names (names/letterPairs.ts). A clean name,
 * Cyrillic or Latin, is never changed. Pure; no I/O; safe for the server and the web app.
 */
import { givenNameClassOf, isPatronymic } from './givenNameIndex.js';
import { letterPairScore, type NameScript } from './letterPairs.js';

/** The Ukrainian ЙЦУКЕН layout on the US keys, lower case (the apostrophe on the ` key, as Windows writes it). */
const UK: Readonly<Record<string, string>> = {
  й: 'q',
  ц: 'w',
  у: 'e',
  к: 'r',
  е: 't',
  н: 'y',
  г: 'u',
  ш: 'i',
  щ: 'o',
  з: 'p',
  х: '[',
  ї: ']',
  ф: 'a',
  і: 's',
  в: 'd',
  а: 'f',
  п: 'g',
  р: 'h',
  о: 'j',
  л: 'k',
  д: 'l',
  ж: ';',
  є: "'",
  я: 'z',
  ч: 'x',
  с: 'c',
  м: 'v',
  и: 'b',
  т: 'n',
  ь: 'm',
  б: ',',
  ю: '.',
  ґ: '\\',
  "'": '`',
};
/** The Russian layout: ы, э, ъ, ё where the Ukrainian has і, є, ї and the apostrophe. */
const RU: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(UK).filter(([c]) => !/^[іїєґ']$/u.test(c))),
  ы: 's',
  э: "'",
  ъ: ']',
  ё: '`',
};
/** The US signs on the same keys with Shift: what an upper-case Cyrillic letter on a sign key gives. */
const SHIFTED: Readonly<Record<string, string>> = {
  '[': '{',
  ']': '}',
  ';': ':',
  "'": '"',
  ',': '<',
  '.': '>',
  '`': '~',
  '\\': '|',
};

type Layout = 'uk' | 'ru';

function keysToCyrillic(layout: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  const m = new Map<string, string>();
  for (const [cyr, key] of Object.entries(layout)) {
    m.set(key, cyr);
    const shifted = SHIFTED[key];
    if (shifted !== undefined) m.set(shifted, cyr.toUpperCase());
    else if (/^[a-z]$/u.test(key)) m.set(key.toUpperCase(), cyr.toUpperCase());
  }
  return m;
}
const TO_CYRILLIC: Record<Layout, ReadonlyMap<string, string>> = {
  uk: keysToCyrillic(UK),
  ru: keysToCyrillic(RU),
};
/** A Cyrillic letter, either layout, back to the Latin letter of its key (letters only: a Latin name has no signs). */
const TO_LATIN: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const t of [UK, RU])
    for (const [cyr, key] of Object.entries(t))
      if (/^[a-z]$/u.test(key)) {
        m.set(cyr, key);
        m.set(cyr.toUpperCase(), key.toUpperCase());
      }
  // The apostrophe in a Latin name (Ol'ha, D'iachenko) is on the key of є / э.
  m.set('є', "'");
  m.set('э', "'");
  return m;
})();

/**
 * Characters a name field keeps as they are in either layout: spaces, hyphens, the typographic apostrophes and
 * BGN's middle dot (a name pasted with ’, ʼ or · keeps them whatever the keyboard's layout).
 */
const KEEP = /^[\s\-’ʼ·]$/u;

function retype(text: string, map: ReadonlyMap<string, string>): string | null {
  let out = '';
  for (const ch of text) {
    const to = map.get(ch);
    if (to !== undefined) out += to;
    else if (KEEP.test(ch)) out += ch;
    else return null;
  }
  return out;
}

const words = (text: string): string[] => text.split(/[\s-]+/u).filter((w) => w !== '');

/** A word that is a given name (any script or spelling the tables know), at least three letters long. */
const isGivenName = (w: string): boolean => [...w].length >= 3 && givenNameClassOf(w) !== null;
const isName = (w: string): boolean => isGivenName(w) || isPatronymic(w);

/** How a name was read as typed in the wrong layout: by the given-name tables, or by letter pairs alone. */
export type LayoutEvidence = 'tables' | 'letters';

/**
 * The fields of a name (null for an empty one) retyped in the layout they were meant for, or null when they do
 * not read as typed in the wrong layout (see the module's comment). `given` is the index of the field that holds
 * the given name (a record's given_name); without it (a query, a whole name in one field) any word may.
 */
export function retypeKeyboardLayout(
  fields: readonly (string | null)[],
  given?: number,
): (string | null)[] | null {
  return readKeyboardLayout(fields, given)?.fields ?? null;
}

/** `retypeKeyboardLayout` with the evidence that decided it (for benches and explanations). */
export function readKeyboardLayout(
  fields: readonly (string | null)[],
  given?: number,
): { fields: (string | null)[]; by: LayoutEvidence } | null {
  const present = fields.filter((f): f is string => f !== null && f.trim() !== '');
  if (present.length === 0) return null;
  if (present.some((f) => words(f).some(isName))) return null;
  const latin = present.every((f) => !/[\u0400-\u04ff]/u.test(f));
  const cyrillic = present.every((f) => !/[A-Za-z]/u.test(f));
  const candidates: ReadonlyMap<string, string>[] = [];
  if (latin) candidates.push(TO_CYRILLIC.uk, TO_CYRILLIC.ru);
  else if (cyrillic) candidates.push(TO_LATIN);
  let best: (string | null)[] | null = null;
  let bestNames = 0;
  const retyped: (string | null)[][] = [];
  for (const map of candidates) {
    const out = fields.map((f) => (f === null ? null : retype(f, map)));
    if (out.some((f, i) => f === null && fields[i] !== null)) continue;
    retyped.push(out);
    const givenWords =
      given === undefined ? out.flatMap((f) => (f === null ? [] : words(f))) : words(out[given] ?? '');
    if (!givenWords.some(isGivenName)) continue;
    const names = out.flatMap((f) => (f === null ? [] : words(f))).filter(isName).length;
    if (names > bestNames) {
      best = out;
      bestNames = names;
    }
  }
  if (best !== null) return { fields: best, by: 'tables' };
  const from: NameScript = latin ? 'latin' : 'cyrillic';
  const to: NameScript = latin ? 'cyrillic' : 'latin';
  let bestGain = Number.NEGATIVE_INFINITY;
  for (const out of retyped) {
    const gain = lettersGain(present, out, from, to);
    if (gain !== null && gain > bestGain) {
      best = out;
      bestGain = gain;
    }
  }
  return best === null ? null : { fields: best, by: 'letters' };
}

/**
 * Per letter pair, how much more plausible (natural log) the retyped text must read than the text as written:
 * clean generated names of both populations, every script, read at most +0.5 (most below -1); names typed in
 * the wrong layout read +3 at the median, +1.2 at the 1st percentile (bench/linkage/layoutEvidence.ts).
 */
const GAIN = 1.2;
/** Going back to Latin, the Cyrillic as written must also read as no name: worse than this per pair. */
const CYRILLIC_FLOOR = -3.4;
/** One word alone must be long (LONE_LETTERS letters or more) and read overwhelmingly better retyped. */
const GAIN_LONE = 3;
const LONE_LETTERS = 7;

/**
 * The evidence of letter pairs (names/letterPairs.ts) that `written` was typed in the wrong layout and reads as
 * `retyped`: the gain per pair in log-probability over all the words together (all fields flip together or
 * none), or null when it is not enough. At least two words of three letters or more, or one long word with a
 * larger gain. Going back from Cyrillic to Latin is stricter: the Cyrillic as written must also read as no name
 * (below CYRILLIC_FLOOR per pair), so that a plausible Cyrillic name is never retyped.
 */
function lettersGain(
  written: readonly string[],
  retyped: readonly (string | null)[],
  from: NameScript,
  to: NameScript,
): number | null {
  const before = written.flatMap(words);
  const after = retyped.flatMap((f) => (f === null ? [] : words(f)));
  if (before.length !== after.length) return null;
  let w = 0;
  let r = 0;
  let pairs = 0;
  let long = 0;
  let longest = 0;
  for (const [i, word] of before.entries()) {
    const a = letterPairScore(word, from);
    const b = letterPairScore(after[i] as string, to);
    const n = [...word].length;
    if (n >= 3) {
      long++;
      longest = Math.max(longest, n);
    }
    w += a.logP;
    r += b.logP;
    pairs += a.pairs;
  }
  if (pairs === 0 || long === 0) return null;
  const gain = (r - w) / pairs;
  if (to === 'latin' && w / pairs > CYRILLIC_FLOOR) return null;
  const needed = long >= 2 ? GAIN : GAIN_LONE;
  if (gain < needed || (long < 2 && longest < LONE_LETTERS)) return null;
  return gain;
}
