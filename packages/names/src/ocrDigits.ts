/**
 * Digits a scanner (or a typist copying a scan) wrote for the letters they look like in a name cell: "Коваленк0",
 * "3інченко", "Гратмир4ук", "6ондар", "K0valenko", "8oiko", "01eksandr" (issue #11, hold-out 7). The import reads
 * such a word as the letters (and keeps the cell as written); the search reads a query so. Unlike
 * `repairOcrDigits`, which the keys apply digit by digit beside a letter, this reads a whole word, so that a word's
 * first letter and a run of digits ("01eksandr") come back too, with the case the word's other letters have; and it
 * never touches a word that is not plainly a name: one with a digit no letter looks like, with fewer than two
 * letters or with as many digits as half its letters (a unit's code "АБ1034", a year "1985р").
 * Pure; never throws.
 */

/** Digits for Cyrillic letters of a like shape (lower case; a word's first letter or one in capitals is raised). */
const CYRILLIC: Readonly<Record<string, string>> = {
  '0': 'о',
  '1': 'і',
  '3': 'з',
  '4': 'ч',
  '6': 'б',
  '8': 'в',
};
/**
 * Digits for Latin letters; 1 is I at a word's start (Ihor, Iryna) and l inside it (Mykola). 4 is no Latin letter's
 * look-alike but ч's, as a name typed in Latin on a phone writes it (translit: "Shev4enko", "Petrovi4", "4ubyk";
 * hold-out 13 `translit_chat`): "ch".
 */
const LATIN: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'l',
  '4': 'ch',
  '5': 's',
  '6': 'b',
  '8': 'b',
};

const TOKEN = /[\p{L}\d][\p{L}\d'’ʼ-]*/gu;
const CYRILLIC_LETTER = /\p{Script=Cyrillic}/u;
const LATIN_LETTER = /\p{Script=Latin}/u;

function readWord(word: string): string {
  if (!/\d/.test(word)) return word;
  const chars = [...word];
  const letters = chars.filter((c) => /\p{L}/u.test(c));
  const digits = chars.filter((c) => /\d/.test(c)).length;
  if (letters.length < 2 || digits * 2 > letters.length) return word;
  const cyrillic = letters.some((c) => CYRILLIC_LETTER.test(c));
  if (!cyrillic && !letters.every((c) => LATIN_LETTER.test(c))) return word;
  const table = cyrillic ? CYRILLIC : LATIN;
  if (chars.some((c) => /\d/.test(c) && table[c] === undefined)) return word;
  const capitals = letters.every((c) => c === c.toUpperCase() && c !== c.toLowerCase());
  return chars
    .map((c, i) => {
      const t = table[c];
      if (t === undefined) return c;
      const first = i === 0 || !/[\p{L}\d]/u.test(chars[i - 1] as string);
      const letter = !cyrillic && c === '1' && first ? 'i' : t;
      if (capitals) return letter.toUpperCase();
      return first ? (letter[0] as string).toUpperCase() + letter.slice(1) : letter;
    })
    .join('');
}

/** A name cell or query with each word's look-alike digits read as the letters (see above); other text as it was. */
export function readOcrDigits(text: string): string {
  return /\d/.test(text) ? text.replace(TOKEN, readWord) : text;
}
