/**
 * Script detection, homoglyph repair and tokenization for personal names (DESIGN.md "Names are the hard
 * part"). Pure functions: no I/O, linear in the input, never throw.
 */
import { letterPairScore } from './letterPairs.js';

/** The script of one token: Ukrainian or Russian Cyrillic, undecided Cyrillic, Latin, both, or none. */
export type Script = 'uk' | 'ru' | 'cyrillic' | 'latin' | 'mixed' | 'other';

/** The one apostrophe that `tokenize` writes: ASCII U+0027 (what Ukrainian keyboards type; one byte). */
export const APOSTROPHE = "'";

/** Every character that is read as an apostrophe inside a word: ' ’ ʼ ` ‘ ´ ′ ＇ ʹ ʻ. */
const APOSTROPHES = new Set([
  "'",
  '\u2019',
  '\u02BC',
  '`',
  '\u2018',
  '\u00B4',
  '\u2032',
  '\uFF07',
  '\u02B9',
  '\u02BB',
]);

/** Hyphens and dashes, kept (as ASCII '-') only between two word characters: Римський-Корсаков. */
const HYPHENS = new Set([
  '-',
  '\u2010',
  '\u2011',
  '\u2012',
  '\u2013',
  '\u2014',
  '\u2212',
  '\uFE63',
  '\uFF0D',
]);

const UK_ONLY = new Set([...'іїєґІЇЄҐ']);
const RU_ONLY = new Set([...'ыэъёЫЭЪЁ']);

const CYRILLIC_LETTER = /^\p{Script=Cyrillic}$/u;
const LATIN_LETTER = /^\p{Script=Latin}$/u;
const LETTER = /^\p{L}$/u;
const MARK = /^\p{M}$/u;
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const WHITESPACE = /^\s$/u;
/** Emoji and their modifiers: pictographs, skin tones, flags, variation selectors, keycap. */
const EMOJI = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\uFE0E\uFE0F\u20E3]$/u;
/** Control and format characters (soft hyphen, zero-width space, BOM, bidi marks …), dropped in place. */
const CONTROL = /^[\p{Cc}\p{Cf}]$/u;

/** Whether a character is an apostrophe variant. */
export function isApostrophe(ch: string): boolean {
  return APOSTROPHES.has(ch);
}

/** Whether a character is a Cyrillic letter. */
function isCyrillic(ch: string | undefined): boolean {
  return ch !== undefined && CYRILLIC_LETTER.test(ch) && LETTER.test(ch);
}

/** Whether a character is a Latin letter. */
function isLatin(ch: string | undefined): boolean {
  return ch !== undefined && LATIN_LETTER.test(ch) && LETTER.test(ch);
}

/**
 * The script of a token. Cyrillic with і ї є ґ, or with an apostrophe between two Cyrillic letters, is 'uk';
 * Cyrillic with ы э ъ ё is 'ru'; Cyrillic with neither (or both) is 'cyrillic'; Latin and Cyrillic letters
 * together are 'mixed'; no Latin or Cyrillic letter at all (digits, punctuation, emoji, other scripts) is
 * 'other'.
 */
export function detectScript(token: string): Script {
  const chars = [...token.normalize('NFC')];
  let cyrillic = 0;
  let latin = 0;
  let uk = false;
  let ru = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (isCyrillic(ch)) {
      cyrillic++;
      if (UK_ONLY.has(ch)) uk = true;
      else if (RU_ONLY.has(ch)) ru = true;
    } else if (isLatin(ch)) {
      latin++;
    } else if (APOSTROPHES.has(ch) && isCyrillic(chars[i - 1]) && isCyrillic(chars[i + 1])) {
      uk = true;
    }
  }
  if (cyrillic > 0 && latin > 0) return 'mixed';
  if (latin > 0) return 'latin';
  if (cyrillic === 0) return 'other';
  if (uk && !ru) return 'uk';
  if (ru && !uk) return 'ru';
  return 'cyrillic';
}

/**
 * Latin letters that look like Cyrillic ones (Latin i and ï are read as Ukrainian і and ї; a capital Y is how
 * У is typed in capitals, "PYCЛAH").
 */
const LATIN_TO_CYRILLIC: ReadonlyMap<string, string> = new Map([
  ['a', 'а'],
  ['c', 'с'],
  ['e', 'е'],
  ['i', 'і'],
  ['ï', 'ї'],
  ['o', 'о'],
  ['p', 'р'],
  ['x', 'х'],
  ['y', 'у'],
  ['A', 'А'],
  ['B', 'В'],
  ['C', 'С'],
  ['E', 'Е'],
  ['H', 'Н'],
  ['I', 'І'],
  ['Ï', 'Ї'],
  ['K', 'К'],
  ['M', 'М'],
  ['O', 'О'],
  ['P', 'Р'],
  ['T', 'Т'],
  ['X', 'Х'],
  ['Y', 'У'],
]);

/**
 * The capitals a whole word can be written in alike in both scripts ("TAPAC" for ТАРАС, "PAÏCA" for РАЇСА):
 * Latin → Cyrillic, from the table above. names/capsLookalike.ts.
 */
export const CAPITAL_LOOKALIKES: ReadonlyMap<string, string> = new Map(
  [...LATIN_TO_CYRILLIC].filter(([latin]) => latin !== latin.toLowerCase()),
);

/**
 * The lower-case letters a whole word can be written in alike in both scripts ("Tapac", "tapac" for Тарас): Latin
 * → Cyrillic. The look-alikes of the table above in lower case (a c e i ï o p x y), and the lower case of the
 * capitals that look alike only as capitals (b h k m t for в н к м т): a look-alike capitals word ("OKCAHA")
 * re-cased by a program ("Okcaha"). names/capsLookalike.ts.
 */
export const LOWER_LOOKALIKES: ReadonlyMap<string, string> = new Map([
  ...[...LATIN_TO_CYRILLIC].filter(([latin]) => latin === latin.toLowerCase()),
  ...[...CAPITAL_LOOKALIKES].map(([l, c]): [string, string] => [l.toLowerCase(), c.toLowerCase()]),
]);

/** Cyrillic letters that look like Latin ones: the inverse of the above plus ѕ ј һ ԛ ԝ (Ѕ Ј). */
const CYRILLIC_TO_LATIN: ReadonlyMap<string, string> = new Map([
  ...[...LATIN_TO_CYRILLIC].map(([latin, cyrillic]): [string, string] => [cyrillic, latin]),
  ['ѕ', 's'],
  ['ј', 'j'],
  ['һ', 'h'],
  ['ԛ', 'q'],
  ['ԝ', 'w'],
  ['Ѕ', 'S'],
  ['Ј', 'J'],
]);

/**
 * Latin letters a scanner reads in a Cyrillic word where the print has a Cyrillic one that only looks
 * alike in some fonts (Зlнчюк = Зінчюк, Бабlйич, Kлименко): applied when a piece is repaired to Cyrillic, but
 * not counted as look-alikes when deciding which script a piece is in (a Latin word with them stays Latin).
 */
const OCR_LATIN_IN_CYRILLIC: ReadonlyMap<string, string> = new Map([
  ['l', 'і'],
  ['k', 'к'],
  ['m', 'м'],
  ['t', 'т'],
  ['h', 'н'],
  ['n', 'п'],
  ['u', 'и'],
  ['r', 'г'],
]);

/** Digits a scanner reads for letters of a like shape, by the script of the letters around them. */
const OCR_DIGITS: Readonly<Record<'cyrillic' | 'latin', Readonly<Record<string, string>>>> = {
  cyrillic: { '0': 'о', '1': 'і', '3': 'з', '6': 'б' },
  latin: { '0': 'o', '1': 'l', '5': 's' },
};

/**
 * Reads a digit inside or at the edge of a word as the letter a scanner took it for ("Kova1chuk",
 * "Пaвл0", "Г0нч"), by the script of the letters next to it; a digit with no letter beside it stays.
 */
export function repairOcrDigits(text: string): string {
  return text.replace(/(?<=\p{L})\d|\d(?=\p{L})/gu, (d, offset: number) => {
    const around = [...text.slice(Math.max(0, offset - 3), offset + 4)];
    const table = around.some(isCyrillic)
      ? OCR_DIGITS.cyrillic
      : around.some(isLatin)
        ? OCR_DIGITS.latin
        : {};
    return table[d] ?? d;
  });
}

/**
 * Lower-case Latin letters that look like a Cyrillic letter only as capitals (b h k m t for В Н К М Т): a word
 * typed in look-alike capitals and re-cased by a program or a clerk ("ПETPEHKO" → "Пetpehko", "AHATOЛЬEBИЧ" →
 * "Ahatoльebич"). In a word that has a Cyrillic letter no Latin letter looks like in any case (п л и д ч ь я …),
 * they do not count as Latin when the piece's script is decided.
 */
const RECASED_LATIN = new Set([...'bhkmt']);

/** Whether a Cyrillic letter looks like no Latin letter in either case (not а в е к м н о р с т у х і ї …). */
function cyrillicOnly(ch: string): boolean {
  return !CYRILLIC_TO_LATIN.has(ch) && !CYRILLIC_TO_LATIN.has(ch.toUpperCase());
}

/**
 * A Latin b in a word read as Cyrillic: в (a capital В re-cased, "Pabлob") or ь (as a scanner reads it, "Bacилb").
 * It is в unless it follows a consonant and ь makes the word's letter pairs (names/letterPairs.ts) more name-like
 * by `SOFT_SIGN_MARGIN` or more (Василь, Дарья, Кузьменко; not Святослав, where сь reads 3.2 better than св):
 * ь never starts a word, follows a vowel or stands before а у ы э і ь й. At most 2^6 readings are weighed;
 * further b's are в.
 */
const SOFT_SIGN_MARGIN = 3.5;
const CONSONANT = /^[бвгґджзклмнпрстфхцчшщ]$/iu;
const NOT_AFTER_SOFT_SIGN = /^[ауыэіьъй]$/iu;

function readLatinB(chars: string[]): string[] {
  const at = chars.flatMap((ch, i) => (ch === 'b' ? [i] : []));
  if (at.length === 0) return chars;
  const out = chars.map((ch) => (ch === 'b' ? 'в' : ch));
  const free = at.filter(
    (i) => CONSONANT.test(out[i - 1] ?? '') && !NOT_AFTER_SOFT_SIGN.test(out[i + 1] ?? ''),
  );
  if (free.length === 0 || free.length > 6) return out;
  let best = out;
  let bestScore = letterPairScore(out.join(''), 'cyrillic').logP;
  for (let mask = 1; mask < 1 << free.length; mask++) {
    const cand = [...out];
    let soft = 0;
    free.forEach((i, k) => {
      if ((mask >> k) & 1) [cand[i], soft] = ['ь', soft + 1];
    });
    const score = letterPairScore(cand.join(''), 'cyrillic').logP - SOFT_SIGN_MARGIN * soft;
    if (score > bestScore) [best, bestScore] = [cand, score];
  }
  return best;
}

/**
 * A Latin m in a word read as Cyrillic: м (the scanner's look-alike), or т, whose cursive form is written like m and
 * which a recogniser trained on Latin reads so (hold-out 18 `handwriting`: "Пеmрович", "Дмиmро"). It is т only
 * where т makes the word's letter pairs (names/letterPairs.ts) more name-like by `CURSIVE_T_MARGIN` or more each
 * (Петрович, Дмитро; not Роман, Клименко, Осмаченко). At most 2^4 readings are weighed; further m's are м.
 */
const CURSIVE_T_MARGIN = 3;

function readLatinM(chars: readonly string[], mapped: string[]): string[] {
  const at = chars.flatMap((ch, i) => (ch === 'm' && mapped[i] === 'м' ? [i] : []));
  if (at.length === 0 || at.length > 4) return mapped;
  let best = mapped;
  let bestScore = letterPairScore(mapped.join(''), 'cyrillic').logP;
  for (let mask = 1; mask < 1 << at.length; mask++) {
    const cand = [...mapped];
    let t = 0;
    at.forEach((i, k) => {
      if ((mask >> k) & 1) [cand[i], t] = ['т', t + 1];
    });
    const score = letterPairScore(cand.join(''), 'cyrillic').logP - CURSIVE_T_MARGIN * t;
    if (score > bestScore) [best, bestScore] = [cand, score];
  }
  return best;
}

/** Repair one whitespace-free piece: see `repairMixedScript`. */
function repairPiece(piece: string): string {
  const chars = [...piece];
  let cyrillic = 0;
  let latin = 0;
  let plainCyrillic = 0;
  let plainLatin = 0;
  let recasedLatin = 0;
  let onlyCyrillic = false;
  for (const ch of chars) {
    if (isCyrillic(ch)) {
      cyrillic++;
      if (!CYRILLIC_TO_LATIN.has(ch)) plainCyrillic++;
      if (cyrillicOnly(ch)) onlyCyrillic = true;
    } else if (isLatin(ch)) {
      latin++;
      if (!LATIN_TO_CYRILLIC.has(ch)) plainLatin++;
      if (RECASED_LATIN.has(ch)) recasedLatin++;
    }
  }
  if (cyrillic === 0 || latin === 0) return piece;
  // A letter only Cyrillic has: the re-cased capitals' b h k m t are not evidence of Latin.
  if (onlyCyrillic) plainLatin -= recasedLatin;
  // Letters with no look-alike decide; a tie falls to the plain count; a second tie leaves the piece alone.
  let toCyrillic: boolean;
  if (plainCyrillic !== plainLatin) toCyrillic = plainCyrillic > plainLatin;
  else if (cyrillic !== latin) toCyrillic = cyrillic > latin;
  else return piece;
  const table = toCyrillic ? LATIN_TO_CYRILLIC : CYRILLIC_TO_LATIN;
  const mapped = chars.map((ch) =>
    ch === 'b' && toCyrillic
      ? ch
      : (table.get(ch) ?? (toCyrillic ? OCR_LATIN_IN_CYRILLIC.get(ch) : undefined) ?? ch),
  );
  // Re-compose: a swapped base letter may now combine with a following mark (Ї + ◌́ → Ï + ◌́ → Ḯ).
  return (toCyrillic ? readLatinB(readLatinM(chars, mapped)) : mapped).join('').normalize('NFC');
}

/**
 * Convert look-alike letters of the minority script in a token to the majority script: "Cepгiй" (Latin C e p
 * i) → "Сергій", "Shеvсhеnkо" (Cyrillic е с о) → "Shevchenko". The majority is decided by the letters that
 * have no look-alike, then by all letters; a tie leaves the token unchanged. Deterministic and idempotent;
 * whitespace-separated pieces are repaired independently.
 */
export function repairMixedScript(token: string): string {
  return token
    .normalize('NFC')
    .split(/(\s+)/u)
    .map((piece) => repairPiece(piece))
    .join('');
}

/**
 * Split free text into name tokens. The text is NFC-normalized; control and format characters are dropped
 * in place (a soft hyphen or zero-width space inside a word joins it); emoji, whitespace and every other
 * punctuation or symbol separate tokens; stress marks left after NFC (U+0300, U+0301: Оле́г) are dropped.
 * A hyphen or dash between two word characters is kept as ASCII '-' (Римський-Корсаков, Анна-Ярина) and an
 * apostrophe variant (' ’ ʼ ` ‘ ´ ′) between two word characters is kept as ASCII "'" (`APOSTROPHE`:
 * Знам'янка, O'Brien); at the edges of a word both are dropped. Linear time; never throws.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let pendingJoiner = '';
  const flush = (): void => {
    // Dropping a format character can bring a base letter and a mark together: compose them again.
    if (current !== '') tokens.push(current.normalize('NFC'));
    current = '';
    pendingJoiner = '';
  };
  for (const ch of text.normalize('NFC')) {
    if (ch === '\u0300' || ch === '\u0301') continue;
    if (WHITESPACE.test(ch)) {
      flush();
    } else if (APOSTROPHES.has(ch)) {
      if (current !== '' && pendingJoiner === '') pendingJoiner = APOSTROPHE;
    } else if (HYPHENS.has(ch)) {
      if (current !== '' && pendingJoiner === '') pendingJoiner = '-';
    } else if (EMOJI.test(ch)) {
      flush();
    } else if (CONTROL.test(ch)) {
      continue;
    } else if (WORD_CHAR.test(ch)) {
      if (MARK.test(ch) && current === '') continue;
      current += pendingJoiner + ch;
      pendingJoiner = '';
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}
