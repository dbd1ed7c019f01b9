/**
 * Names in ISO 9:1995 Latin (issue #11, hold-out 11), as a library, an archive or a foreign registry writes them:
 * "Ševčenko Andrìj", "Ûrìj", "Natalìâ", "Leonìdìvna", "Hvadrìpiko" (х is h), "Ŝerbak". ISO 9 gives every Cyrillic
 * letter one Latin letter, so a word in it is read back to its Cyrillic letters and keyed as Cyrillic is: its ю,
 * я, є, щ and х are not the u, a, e, s and h other Latin traditions would read. Only a word that shows a letter no
 * other tradition a name list uses writes (ì for і, û for ю, ŝ for щ, ê for є; â for я at a word's edge or
 * beside a haček) and holds no letter outside the table; Czech "Ševčenko", French "Sergueï" are not ISO 9. Pure.
 */

const FROM_ISO9: Readonly<Record<string, string>> = {
  a: 'а', b: 'б', v: 'в', g: 'г', d: 'д', e: 'е', ë: 'ё', ê: 'є', ž: 'ж', z: 'з', i: 'и', ì: 'і', ï: 'ї',
  j: 'й', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о', p: 'п', r: 'р', s: 'с', t: 'т', u: 'у', f: 'ф', h: 'х',
  c: 'ц', č: 'ч', š: 'ш', ŝ: 'щ', y: 'ы', è: 'э', û: 'ю', â: 'я',
  ʹ: 'ь', ʺ: 'ъ', ʼ: "'", "'": "'", '’': "'", '-': '-',
}; // prettier-ignore

/** A letter only ISO 9 writes in a name: ì (і), û (ю), ŝ (щ), ê (є). */
const ISO9_ONLY = /[ìûŝê]/u;
/**
 * â (я) is also Romanian and Crimean Tatar: ISO 9 at a word's start or end (Romanian writes â only inside a word,
 * î at its edges), or beside a haček.
 */
const ISO9_A = /^â|â$/u;
const ISO9_WITH_A = /â/u;
const HACEK = /[šžč]/u;
const MAX_TOKEN = 64;
const PLAIN_CONSONANT = /[bcdfghjklmnprstvz]/u;

/** The Cyrillic letters of a word written in ISO 9 (lower case), or null when the word is not ISO 9. */
export function iso9ToCyrillic(word: string): string | null {
  const w = word.slice(0, MAX_TOKEN).normalize('NFC').toLowerCase();
  // A word of marked letters alone ("û", "ûê" between a mojibake's signs) is no name: a name has a plain consonant.
  if (!PLAIN_CONSONANT.test(w)) return null;
  if (!ISO9_ONLY.test(w) && !ISO9_A.test(w) && !(ISO9_WITH_A.test(w) && HACEK.test(w))) return null;
  let out = '';
  for (const ch of w) {
    const c = FROM_ISO9[ch];
    if (c === undefined) return null;
    out += c;
  }
  return out;
}
