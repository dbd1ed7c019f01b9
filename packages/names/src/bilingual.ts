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

/** Most words `bilingualWordsOnce` reads (a whole name written twice, with what lists write beside it). */
const MAX_WORDS = 16;

/**
 * A search query's text with each name word written in both scripts side by side kept once, in Cyrillic (issue #11,
 * hold-out 11 `bilingual_cell`): a query typed or pasted from a bilingual form has the pairs wherever its fields
 * stood — "Хомар (Khomar) Bohdan", "Орест Остапович Мірошенко / Miroshenko", "Шаповук Shapovuk Bohuslav", "Ярема
 * (Iarema) Орыся (Orysia)", "Dziubak (Дзюбак) Zynovii", "Горпинич / Gorpynych Данило / DANIIL". A pair is two
 * neighbouring words, one Cyrillic and one Latin, the second bare, bracketed or after a slash, that are one name
 * (the same skeleton or phonetic code, as `oneScriptOfBilingual` compares them); two names side by side ("Іван
 * Ivanov", a maiden name in brackets of another root) stay. Null when there is no such pair.
 */
export function bilingualWordsOnce(text: string): string | null {
  const tokens = text.slice(0, MAX_TEXT).replace(/\//gu, ' / ').trim().split(/\s+/u);
  if (tokens.length < 2 || tokens.length > MAX_WORDS * 2) return null;
  const bare = (t: string): string => t.replace(/^\(+|[),;]+$/gu, '');
  const scriptOfWord = (t: string): Script | null => {
    const w = bare(t);
    return CYRILLIC_WORD.test(w) ? 'cyrillic' : LATIN_WORD.test(w) ? 'latin' : null;
  };
  const out: string[] = [];
  let changed = false;
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i] as string;
    // The next word, past a slash between them; a bare pair's second word is not bracketed before its first.
    const j = tokens[i + 1] === '/' ? i + 2 : i + 1;
    const b = tokens[j];
    const sa = scriptOfWord(a);
    const sb = b === undefined ? null : scriptOfWord(b);
    if (b !== undefined && sa !== null && sb !== null && sa !== sb && !/^\(/u.test(a)) {
      const [cyr, lat] = sa === 'cyrillic' ? [a, b] : [b, a];
      if (sameName(bare(cyr), bare(lat))) {
        out.push(bare(cyr) + (/[,;]$/u.test(b) ? (b.slice(-1) as string) : ''));
        changed = true;
        i = j;
        continue;
      }
    }
    out.push(a);
  }
  return changed ? out.join(' ') : null;
}
