/**
 * Name words run together where a PDF's or a scan's text lost its spaces (issue #11, hold-out 8): the whole name
 * in one cell ("КоваленкоАндрійПетрович", "КОВАЛЕНКОАндрій", "KovalenkoAndrii"), a given name and a patronymic
 * ("АндрійПетрович"), a surname and its initials ("КоваленкоА.П."). The words are parted where a capital follows
 * a small letter (or ends a run of capitals before small letters), only when every word after the first is a
 * given name or a patronymic the tables know, and the first is one too, a surname of four letters or more or one
 * in capitals ("BYCRoman"): McDonald, MacArthur, DiCaprio, LaToya stay one word. A soft sign's apostrophe ends a
 * word as a letter does ("Igor’Aleksandrovich"). Pure.
 *
 * Names the tables do not know (rc8: an Armenian, Georgian or Romanian name, a Ukrainian one from another root)
 * are parted by the place of the words alone: three words run together whose last ends as a patronymic
 * ("HelaschwiliDawitMyroslawowytsch", "ТвердкоСтефаніяОстапівна"), and, in the given name's cell (`cell`
 * 'given', no patronymic beside it), two words whose second ends as a patronymic ("OstapNestorovych"). Two
 * unknown words in the family cell stay one (a man's two surnames, "КоваленкоМицкевич"), as does any run whose
 * last word ends otherwise.
 */
import {
  fatherClassOfPatronymic,
  givenNameClassOf,
  hasPatronymicEnding,
  isPatronymic,
} from './givenNameIndex.js';
import { surnameEvidenceOf } from './parse.js';

/** A small letter then a capital; a capital that ends a run of capitals before a small letter. */
const BOUNDARY = /(?<=\p{Ll}['’ʼ]?)(?=\p{Lu})|(?<=\p{Lu}{2})(?=\p{Lu}\p{Ll})/u;
/** A surname and initials with nothing between ("КоваленкоА.П.", "KovalenkoA.P."). */
const INITIALS_JOINED = /^(\p{Lu}[\p{L}'’ʼ-]*\p{Ll}|\p{Lu}{4,})(\p{Lu}\.\s?(?:\p{Lu}\.?)?)$/u;

const known = (w: string): boolean => givenNameClassOf(w) !== null || isPatronymic(w);

/**
 * A whole name run together in capitals, where no capital marks a word's start ("БОЙЧУКЛЮДМИЛАМАКСИМОВНА", as a
 * name spaced out letter by letter in capitals is joined: names/spaced.ts): parted where its end reads as a given name
 * the tables know and then a patronymic ("БОЙЧУК ЛЮДМИЛА МАКСИМОВНА"), the surname left of three letters or more;
 * else, with no patronymic, as a surname and a given name where exactly one place reads so (`capitalsTwoParted`).
 * Null for any other word.
 */
function capitalsParted(word: string): string[] | null {
  if (!/^\p{Lu}+$/u.test(word)) return null;
  return capitalsThreeParted(word) ?? capitalsTwoParted(word);
}

/**
 * A surname and a given name run together in capitals, no patronymic after them ("HENDRYJUKDMYTRO", "H E N D R Y J U K
 * D M Y T R O" joined; hold13's left-over): parted where the end is a given name the tables know, of four letters or
 * more (КОВАЛЬЧУКМИКОЛА is not КОВАЛЬЧУКМИК + ОЛА), and what is left a surname by the tables or its ending, of four
 * letters or more, when exactly one place so reads; a given name first only before a surname the tables know
 * (ДАРІЯТКАЧУК; ІВАНЕНКО would read as Іван + a surname's ending). Where two places read (КОВАЛЕНКООЛЕНА: Олена, or
 * Лена after a surname whose doubled o folds away) it is left whole, as is a surname the tables know whole and a
 * surname part that is a given name too (YAKOVLEV, not Yakov + Lev). Eight letters or more.
 */
function capitalsTwoParted(word: string): [string, string] | null {
  const letters = [...word];
  if (letters.length < 8) return null;
  // A surname the tables know, run together whole, is a surname (ІВАНЧЕНКО is not Іван + Ченко).
  if (surnameEvidenceOf(word) === 2) return null;
  let found: [string, string] | null = null;
  for (let i = 4; i <= letters.length - 4; i++) {
    const head = letters.slice(0, i).join('');
    const tail = letters.slice(i).join('');
    // Surname first: the surname part no given name too (YAKOVLEV is one surname, not Yakov + Lev). Given name
    // first, as a letter or a form writes it ("Д А Р І Я Т К А Ч У К"): only before a surname the tables know.
    const surnameFirst =
      givenNameClassOf(tail) !== null && surnameEvidenceOf(head) > 0 && givenNameClassOf(head) === null;
    const givenFirst =
      givenNameClassOf(head) !== null && surnameEvidenceOf(tail) === 2 && givenNameClassOf(tail) === null;
    if (!surnameFirst && !givenFirst) continue;
    if (found !== null || (surnameFirst && givenFirst)) return null;
    found = [head, tail];
  }
  return found;
}

/** `capitalsParted`'s reading of a surname, a given name and a patronymic. */
function capitalsThreeParted(word: string): [string, string, string] | null {
  const letters = [...word];
  if (letters.length < 12) return null;
  // The longest patronymic whose father the tables know ("ІВАНОВИЧ", not "ВАНОВИЧ" after "МИКОЛАІ"), else the
  // longest with a woman's patronymic ending; before it, the longest given name whose surname reads as one (a
  // known surname or ending: KOVALENKO, not KOVALENK + OOLENA), else the longest (ЛЮДМИЛА, not its tail МИЛА).
  for (const known of [true, false])
    for (let j = 6; j <= letters.length - 6; j++) {
      const patronymic = letters.slice(j).join('');
      if (known ? fatherClassOfPatronymic(patronymic) === null : !isPatronymic(patronymic)) continue;
      const readings: [string, string, string][] = [];
      for (let i = 3; i <= j - 3; i++) {
        const given = letters.slice(i, j).join('');
        if (givenNameClassOf(given) !== null)
          readings.push([letters.slice(0, i).join(''), given, patronymic]);
      }
      if (readings.length > 0)
        return readings.find((r) => surnameEvidenceOf(r[0]) > 0) ?? (readings[0] as [string, string, string]);
    }
  return null;
}

/** `text` with the words run together in it parted by spaces; null when it has none to part. */
export function partJoinedWords(text: string, cell?: 'given'): string | null {
  const out: string[] = [];
  let changed = false;
  for (const word of text.trim().split(/\s+/u)) {
    const initials = INITIALS_JOINED.exec(word);
    if (initials !== null) {
      out.push(initials[1] as string, initials[2] as string);
      changed = true;
      continue;
    }
    const capitals = capitalsParted(word);
    if (capitals !== null) {
      out.push(...capitals);
      changed = true;
      continue;
    }
    const pieces = word.split(new RegExp(BOUNDARY.source, 'gu'));
    const first = pieces[0] as string;
    const rest = pieces.slice(1);
    const words = rest.every((p) => /^\p{L}{2,}['’ʼ]?\p{L}*$/u.test(p));
    // The last word ends as a patronymic where its place says it is one: third of three, or second in the given
    // name's cell. Its stem of three letters or more (hasPatronymicEnding) keeps "Ich", "Ович" out.
    const byPlace =
      (pieces.length === 3 || (pieces.length === 2 && cell === 'given')) &&
      hasPatronymicEnding(pieces[pieces.length - 1] as string);
    if (
      pieces.length >= 2 &&
      pieces.length <= 4 &&
      words &&
      (rest.every(known) || byPlace) &&
      ([...first].length >= 4 || /^\p{Lu}{2,}$/u.test(first) || known(first))
    ) {
      out.push(...pieces);
      changed = true;
    } else out.push(word);
  }
  return changed ? out.join(' ') : null;
}

/** A vowel, Cyrillic or Latin: the letter a stress capital marks. */
const VOWEL = /^[аеєиіїоуюяыэёaeiouy]$/u;
/** A word with one capital after its first letter, the rest small: the capital is a stress mark or a word's start. */
const ONE_INNER_CAPITAL = /^(\p{L}(?:['’ʼ\p{Ll}]*\p{Ll})?)(\p{Lu})([\p{Ll}'’ʼ]*)$/u;

/**
 * `text` with capitals that mark the stress inside a word written small ("AleksAndrovich", "ОлексАндрович",
 * "MykhaIlovych", "ДмитрО": hold-out 11 `stress_caps`, as a teacher or a dictionary writes the stressed vowel)
 * written small, or null when it has none. `partJoinedWords` would part them as words run together
 * ("Aleks Androvich" reads a father Андрій). A capital is read as a stress mark when it is a vowel, the
 * only capital after the word's first letter (after a small letter, or the second letter: "VItalii"), and the
 * word with it written small is a given name or a patronymic the tables know: a word run together starts its
 * second word with a capital, but the whole then is no name the tables know ("КоваленкоОлександр", "IvanOleksandrovych", "LevkoA."), so it is left
 * for `partJoinedWords` to part. A surname is not in the tables; a stress capital in one ("КовалЕнко") stays,
 * and `partJoinedWords` leaves it whole anyway (its tail, "Енко", is no name). Pure; search and the import (each name
 * cell, records/validate.ts) call it before `partJoinedWords`.
 */
export function lowerStressCapitals(text: string): string | null {
  let changed = false;
  const out = text.replace(/[\p{L}'’ʼ]+/gu, (word) => {
    const m = ONE_INNER_CAPITAL.exec(word);
    // Second of two capitals ("VItalii"), with small letters after it: a word of two capitals is an abbreviation.
    if (m === null || ([...(m[1] as string)].length === 1 && m[3] === '')) return word;
    const capital = (m[2] as string).toLowerCase();
    if (!VOWEL.test(capital)) return word;
    const small = `${m[1] as string}${capital}${m[3] as string}`;
    if (!known(small)) return word;
    changed = true;
    return small;
  });
  return changed ? out : null;
}
