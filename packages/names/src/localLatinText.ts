/**
 * A search query written as an office in Romania or Moldova, or in Hungary, spells a Ukrainian name (issue #11,
 * hold-out 11 `spelling_ro_hu`): "Şcorhvemiuc Olecsandr", "Ciumac Olecsandr", "Szavcsenko Olekszandr", "Sztepan
 * Szljuszak". `readLocalLatin` (localLatin.ts) reads one word alone, and only where the word leaves no doubt (a
 * record's keys rest on it); a query's other words then stay unread (Olecsandr, Porjoruc, Tarasz), and most such
 * words show nothing on their own. Here one word's sign says how the office spelt the whole name. Pure.
 */
import { FOREIGN, fromHungarian, fromRomanian, ROMANIAN_LETTERS } from './localLatin.js';
import { fatherClassOfPatronymic, givenNameClassOf } from './givenNameIndex.js';

/** A letter or spelling only Romanian (or Moldovan) Latin writes for a Ukrainian name: ş ţ î ă â, "ci" before a, o, u; -enco, -ciuc, -uc, -ovici. */
const ROMANIAN_SIGN = /[şșţțîăâ]|ci[aou]|(?:enco|ciuc|uc|[oe]vi[cč]i)$/u;
/** A spelling only Hungarian Latin writes for a Ukrainian name: cs (ч), zs (ж), sz (с), -ics. */
const HUNGARIAN_SIGN = /cs|zs|sz|ics$/u;
/** Hungarian's own: sz and zs, which Romanian never writes (its "cs" is c + s: Olecsandr). */
const HUNGARIAN_ONLY = /zs|sz/u;
/** A word as Romanian Latin writes one: its letters, and none of the KMU or English spellings (k, y, sh, zh, kh). */
const romanianWord = (w: string): boolean => ROMANIAN_LETTERS.test(w) && !/[kyqwx]|sh|zh|kh/u.test(w);
/** A word as Hungarian Latin writes one: no sh, ch, zh, kh, and y only in gy, ly, ny, ty. */
const hungarianWord = (w: string): boolean =>
  /^[a-záéíóöőúüű'’ʼ-]+$/u.test(w) && !/[qwx]|sh|ch|zh|kh|(?<![gnlt])y/u.test(w);
/** Hungarian's palatal digraphs (gy, ly, ny, ty: Hennagyij) as the plain consonant, before fromHungarian. */
const hungarian = (w: string): string =>
  fromHungarian(w.replace(/([gnlt])y/gu, (_, c: string) => (c === 'g' ? 'd' : c)));
const MAX_WORD = 64;
/** Most words a text is read in: a name and what lists write beside it. */
const MAX_WORDS = 8;

/** A known given name or patronymic as read, else with an h read as х (kh): both offices write х and г as h. */
function withKh(word: string): string {
  const known = (w: string): boolean => givenNameClassOf(w) !== null || fatherClassOfPatronymic(w) !== null;
  if (!/(?<![szck])h/u.test(word) || known(word)) return word;
  const kh = word.replace(/(?<![szck])h/gu, 'kh');
  return known(kh) ? kh : word;
}

/**
 * A whole text (a search query) read in Romanian or in Hungarian Latin, every Latin word of it, when one of its
 * words shows that orthography: one word's ş or cs says how the office that wrote the name spelt the others. This
 * reading is looser than `readLocalLatin`'s and is meant as one more reading beside the text as written, never
 * instead of it. Not when a word has letters neither office writes (w, Polish or German marks: the text is another
 * language's); a word with spellings the orthography does not use (a KMU "kh", "sh" or "y"; a Romanian "k") or in
 * another script is left as it is; a word's first capital is kept. Hungarian only where no Romanian sign shows, or
 * one of its own (sz, zs) does. Empty when no word shows either orthography or the reading changes nothing. Linear.
 */
export function localLatinReadings(text: string): string[] {
  const parts = text.slice(0, MAX_WORD * MAX_WORDS).split(/([^\p{L}'’ʼ-]+)/u);
  const words = parts
    .filter((w, i) => i % 2 === 0 && /^[\p{Script=Latin}'’ʼ-]+$/u.test(w))
    .map((w) => w.normalize('NFC').toLowerCase());
  if (words.length === 0 || words.length > MAX_WORDS || words.some((w) => FOREIGN.test(w))) return [];
  const out: string[] = [];
  const rewrite = (read: (w: string) => string, written: (w: string) => boolean): void => {
    const next = parts
      .map((w, i) => {
        if (i % 2 === 1 || !/^[\p{Script=Latin}'’ʼ-]+$/u.test(w)) return w;
        const lower = w.normalize('NFC').toLowerCase();
        if (!written(lower)) return w;
        const r = withKh(read(lower));
        return /^\p{Lu}/u.test(w) ? r.charAt(0).toUpperCase() + r.slice(1) : r;
      })
      .join('');
    if (next !== text && !out.includes(next)) out.push(next);
  };
  const romanian = words.some((w) => ROMANIAN_SIGN.test(w));
  const hungarianOnly = words.some((w) => HUNGARIAN_ONLY.test(w));
  if (romanian && !hungarianOnly) rewrite(fromRomanian, romanianWord);
  if ((!romanian || hungarianOnly) && words.some((w) => HUNGARIAN_SIGN.test(w)))
    rewrite(hungarian, hungarianWord);
  return out;
}
