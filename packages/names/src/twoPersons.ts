/**
 * A name cell that names two persons (issue #11, hold-out 17 `two_persons`), as a family's or a village's list
 * writes brothers, a couple or a mother and her child in one row: "Коваленко Андрій Петрович та Коваленко Олег
 * Петрович", "Андрій, Олег" or "Андрій і Олег" under the given name, "Коваленко А.П., О.П.", "Kovalenko Andrii and
 * Oleh". Such a row is about neither alone: the import refuses it with its reason, rather than take the first
 * name as the row's person (a wrong automatic link) or the whole cell as one strange name.
 *
 * The cell is cut at a comma, a semicolon, an ampersand or a conjunction between spaces (та, і, й, и, i, and,
 * und). Two persons are named when two parts each name someone: a given name the tables know (in any script or
 * spelling) whose classes the other part's do not share (Андрій, Андрей is one name in two forms; Андрій, Олег two
 * persons), or, in parts without one, initials that differ (А.П., О.П.). A part with a word in small letters in a
 * cell that has capitals (a note: "дружина Ірина", "м. Харків") names no one here. A part's given name is its last
 * word the tables know (a surname that is also a given name stands first: "Мирон Андрій"). One surname written
 * twice, each time with other words after it ("Żemhrałow Zachar, Żemhrałow Roman"), is two persons too.
 */
import { skeleton } from './fold.js';
import { givenClassIdsOfSkeleton } from './givenNameIndex.js';

/** Longer cells are no names (and keep the work bounded on hostile input). */
const MAX_CELL = 300;
/** The places a cell is cut: linear, no nested quantifier. */
const SEPARATOR = /[,;&]| (?:та|і|й|и|i|and|und) /iu;
const INITIALS = /^(?:\p{Lu}\.){1,2}$/u;

interface Part {
  classes: readonly string[];
  initials: string;
  /** The part's words, lower case. */
  words: readonly string[];
}

function partOf(text: string, hasCapitals: boolean): Part | null {
  const words = text.split(' ').filter((w) => w !== '');
  if (words.length === 0) return null;
  if (hasCapitals && words.some((w) => /^\p{Ll}/u.test(w))) return null;
  if (words.some((w) => !/^[\p{L}'’ʼ.()-]+$/u.test(w))) return null;
  let classes: readonly string[] = [];
  let initials = '';
  for (const w of words) {
    if (INITIALS.test(w)) {
      initials += w.replace(/\./gu, '');
      continue;
    }
    const ids = givenClassIdsOfSkeleton(skeleton(w.replace(/[.()]/gu, '')));
    if (ids.length > 0) classes = ids;
  }
  return { classes, initials, words: words.map((w) => w.toLowerCase()) };
}

/** Whether a name cell (cleaned: single spaces) names two persons; see the module's comment. */
export function namesTwoPersons(cell: string): boolean {
  if (cell.length > MAX_CELL || !SEPARATOR.test(cell)) return false;
  const hasCapitals = /\p{Lu}/u.test(cell);
  const parts = cell
    .split(new RegExp(SEPARATOR.source, 'giu'))
    .map((t) => partOf(t.trim(), hasCapitals))
    .filter((p): p is Part => p !== null);
  for (let i = 0; i < parts.length; i++)
    for (let j = i + 1; j < parts.length; j++) {
      const a = parts[i] as Part;
      const b = parts[j] as Part;
      // One surname twice, each time with other words after it (Коваленко Захар, Коваленко Роман): two people
      // of one family, whether or not the tables know their given names.
      if (
        a.words.length >= 2 &&
        b.words.length >= 2 &&
        a.words[0] === b.words[0] &&
        a.words.slice(1).join(' ') !== b.words.slice(1).join(' ')
      )
        return true;
      if (a.classes.length > 0 && b.classes.length > 0) {
        if (!a.classes.some((c) => b.classes.includes(c))) return true;
      } else if (
        a.classes.length === 0 &&
        b.classes.length === 0 &&
        a.initials !== '' &&
        b.initials !== '' &&
        a.initials !== b.initials
      )
        return true;
    }
  return false;
}
