/**
 * A name cell holding one name in both scripts (issue #11, hold-out 11), as a bilingual form (an ICRC, a UN or a
 * consulate's form in Ukrainian and English) or a list merged from a passport and a register writes it:
 * "Коваленко (Kovalenko)", "Коваленко / KOVALENKO", "Kovalenko (Коваленко)", "Коваленко Kovalenko". The Cyrillic
 * is the name; the Latin beside it says nothing more. Only where the two halves are one name: each half in one
 * script, the same number of words, each Latin word the Cyrillic word's spelling (the same skeleton or the same
 * phonetic code). A maiden name in brackets, two surnames, the Ukrainian and the Russian forms are two names and
 * are left as written. Pure.
 */
import { skeleton } from './fold.js';
import { phoneticKey } from './keys.js';

/** Characters read (no name cell is longer). */
const MAX_TEXT = 200;

const CYRILLIC_WORD = /^[\p{Script=Cyrillic}'’ʼ-]+$/u;
const LATIN_WORD = /^[\p{Script=Latin}'’ʼ-]+$/u;
const IN_BRACKETS = /^([^()/]+?)\s*\(\s*([^()/]+?)\s*\)$/u;
const SLASHED = /^([^()/]+?)\s*\/\s*([^()/]+?)$/u;

type Script = 'cyrillic' | 'latin';

function scriptOf(words: readonly string[]): Script | null {
  if (words.length === 0) return null;
  if (words.every((w) => CYRILLIC_WORD.test(w))) return 'cyrillic';
  if (words.every((w) => LATIN_WORD.test(w))) return 'latin';
  return null;
}

/** Whether a Cyrillic word and a Latin one are one name: the same skeleton, or the same phonetic code. */
function sameName(cyrillic: string, latin: string): boolean {
  const a = skeleton(cyrillic);
  const b = skeleton(latin);
  if (a === '' || b === '') return false;
  if (a === b) return true;
  const pa = phoneticKey(a);
  return pa !== '' && pa === phoneticKey(b);
}

/** The Cyrillic half when the halves `a` and `b` are one name in two scripts, else null. */
function cyrillicOf(a: string, b: string): string | null {
  const wa = a.split(/\s+/u).filter((w) => w !== '');
  const wb = b.split(/\s+/u).filter((w) => w !== '');
  const sa = scriptOf(wa);
  const sb = scriptOf(wb);
  if (sa === null || sb === null || sa === sb || wa.length !== wb.length) return null;
  const [cyr, lat] = sa === 'cyrillic' ? [wa, wb] : [wb, wa];
  return cyr.every((w, i) => sameName(w, lat[i] as string)) ? cyr.join(' ') : null;
}

/**
 * The Cyrillic name of a cell that holds one name in both scripts ("Коваленко (Kovalenko)" → "Коваленко"), or null
 * when the cell is no such thing (one script, two names, anything else).
 */
export function oneScriptOfBilingual(text: string): string | null {
  const t = text.slice(0, MAX_TEXT).trim().replace(/\s+/gu, ' ');
  const m = IN_BRACKETS.exec(t) ?? SLASHED.exec(t);
  if (m !== null) return cyrillicOf(m[1] as string, m[2] as string);
  // No mark between them: the words split where the script changes, once, into halves of equal length.
  const words = t.split(' ');
  if (words.length < 2 || words.length % 2 !== 0) return null;
  const half = words.length / 2;
  return cyrillicOf(words.slice(0, half).join(' '), words.slice(half).join(' '));
}
