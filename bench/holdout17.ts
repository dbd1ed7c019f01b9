/**
 * The seventeenth hold-out noise model (issue #11, `--noise holdout17` in simulate:link, NOISE=holdout17 in
 * eval:search), for the realistic population and the mixed one (`--profile mixed`): ways real lists of prisoners of
 * war, detainees, missing persons and deported children write a row that none of the sixteen earlier models
 * (bench/holdout.ts … holdout16.ts) writes. Written from how such lists look (an appeal or a letter that names the
 * person as it speaks to him, "Андрію Петровичу", "Олено"; a spreadsheet's PROPER() or a script's capitalize() run
 * over a column; a German or Polish office that spells the Russian form of the name from a Russian paper; a family's
 * row about two brothers; a cell typed with Alt+Enter between the words), not from the code; a fix must be right
 * for the kind of input, not for this generator. Its tables are its own.
 *
 * What the earlier models already write and this one does not repeat: the dative and the genitive (holdout2
 * `declined`, holdout9 `declined_case`), German and Polish spellings of the Ukrainian forms (the background's `de`
 * and `pl` styles), Czech, French, English, Dutch, Swedish, Romanian, Hungarian and Turkish ones (holdout,
 * holdout11, holdout12, holdout15), capitals of a whole word or inverted (holdout `caps_family`, holdout14
 * `caps_inverted`), stress capitals (holdout11 `stress_caps`), a word split by a hyphen and a line break
 * ("Шев-\nченко", holdout4 `split_word`), the whole name in one cell with spaces (holdout2 `one_field`), a relative
 * named beside the person (holdout16 `kin_named`), a double surname (holdout6 `double_surname`), a month and year
 * as the birth date (holdout8 `date_words`, holdout13).
 *
 * Each record or query carries one class (HOLDOUT17_CLASSES) on top of the usual background. Deterministic: all
 * randomness comes from the caller's seeded generator. Generated people only.
 */
import { romanizeUkrainian } from '@homecoming/names';
import type { CanonicalCsvRow } from '../packages/server/src/modules/registry/vocabulary.js';
import {
  NOISE_RATES,
  noisyBirth,
  pickShare,
  renderNames,
  type EvalSet,
  type PersonNames,
  type Rendered,
  eitherOrder,
  holdoutQuerySet,
  pickOne,
} from './search/variants.js';
import { CYRILLIC, caseLike, dottedDate } from './holdoutText.js';
export { isCyrillic } from './holdoutText.js';

/** The classes and their shares. */
export const HOLDOUT17_CLASSES = {
  /**
   * The Ukrainian vocative, as an appeal, a letter or a message to the hotline names the person it speaks to and a
   * list is then copied from it: "Андрію Петровичу", "Миколо", "Олено Іванівно", "Іване", "Олеже", "Маріє"; the
   * surname as written. Latin rows of the KMU spelling in its letters ("Andriiu Petrovychu", "Mykolo"). Clean for a
   * Russian row (Russian has no vocative) and for a name whose vocative is its nominative.
   */
  vocative: 0.2,
  /**
   * A spreadsheet's capitals: PROPER() capitalises the letter after an apostrophe or a hyphen ("Д'Ячук", "Мар'Яна",
   * "В'Ячеславович", "Лук'Яненко"); a script's capitalize() lowers the part after a hyphen ("Коваленко-шевчук",
   * "Ivanenko-petrenko", "Анна-марія"). Clean when no name of the row has an apostrophe or a hyphen.
   */
  proper_caps: 0.16,
  /**
   * The Russian form of the names in German or Polish letters, as a German or Polish office spells them from a
   * Russian paper (a Russian passport, a Russian ministry's list): German "Sergej Nikolajewitsch Kowalenko",
   * "Alexej", "Jewgenij", "Schewtschenko", "Wiktorowna"; Polish "Siergiej Nikołajewicz", "Aleksiej", "Jewgienij",
   * "Szewczenko", "Wiktorowna".
   */
  de_pl_russian: 0.2,
  /**
   * Two persons in one row, as a family's or a village's list writes brothers, a couple or a mother and her child
   * together: "Коваленко Андрій Петрович та Коваленко Олег Петрович" in the surname's cell, "Андрій, Олег" or
   * "Андрій і Олег" in the given name's, "Коваленко А.П., О.П.", "Kovalenko Andrii and Oleh"; the two birth dates
   * in the birth cell or the person's own. The person of the row is the first or the second. The right reading is
   * none: the row names two people, and neither may be taken as the row's person.
   */
  two_persons: 0.14,
  /**
   * Line breaks in a name cell, as a cell typed with Alt+Enter or pasted from a form's lines: the whole name in the
   * surname's cell over two or three lines ("Коваленко\nАндрій\nПетрович", "Коваленко\r\nАндрій Петрович"), the
   * given name and the patronymic in one cell over two lines ("Андрій\nПетрович"), a trailing break.
   */
  line_break: 0.3,
} as const;
export type Holdout17Class = keyof typeof HOLDOUT17_CLASSES;

// ---- the vocative ----------------------------------------------------------------------------------------

const HUSH = 'жчшщ';
const VOWELS_UK = 'аеєиіїоуюя';

/** The Ukrainian vocative of a given name (either sex); the word itself where the rules give none. */
function vocativeGiven(word: string): string {
  const w = word.toLowerCase();
  let v: string;
  if (/(?:ій|ай|ей)$/u.test(w))
    v = `${w.slice(0, -1)}ю`; // Андрій → Андрію, Миколай → Миколаю
  else if (w.endsWith('ь'))
    v = `${w.slice(0, -1)}ю`; // Василь → Василю
  else if (/[аеєиіїоуюя']я$/u.test(w))
    v = `${w.slice(0, -1)}є`; // Марія → Маріє, Зоя → Зоє, Дар'я → Дар'є
  else if (w.endsWith('я'))
    v = `${w.slice(0, -1)}е`; // Ілля → Ілле
  else if (w.endsWith('а')) v = HUSH.includes(w.at(-2) ?? '') ? `${w.slice(0, -1)}е` : `${w.slice(0, -1)}о`;
  else if (w.endsWith('о'))
    v = `${w.slice(0, -1)}е`; // Петро → Петре, Михайло → Михайле
  else if (w.endsWith('г'))
    v = `${w.slice(0, -1)}же`; // Олег → Олеже
  else if (w.endsWith('к'))
    v = `${w}у`; // Марк → Марку
  else if (HUSH.includes(w.at(-1) ?? '')) v = `${w}у`;
  else if (VOWELS_UK.includes(w.at(-1) ?? '')) v = w;
  else v = `${w}е`; // Іван → Іване, Олександр → Олександре
  return caseLike(word, v);
}

/** The vocative of a patronymic: Петрович → Петровичу, Іванівна → Іванівно. */
function vocativePatronymic(word: string): string {
  const w = word.toLowerCase();
  let v = w;
  if (w.endsWith('ич')) v = `${w}у`;
  else if (w.endsWith('на')) v = `${w.slice(0, -1)}о`;
  return caseLike(word, v);
}

// ---- PROPER() and capitalize() ----------------------------------------------------------------------------

const APOSTROPHE = /['’ʼ`]/u;

/** Excel's PROPER(): a capital after every character that is no letter, lower letters elsewhere. */
function proper(text: string): string {
  let out = '';
  let prevLetter = false;
  for (const ch of text) {
    const letter = /\p{L}/u.test(ch);
    out += letter ? (prevLetter ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevLetter = letter;
  }
  return out;
}

/** A script's capitalize(): the first letter a capital, every other letter lower. */
function capitalize(text: string): string {
  const lower = text.toLowerCase();
  return `${lower.slice(0, 1).toUpperCase()}${lower.slice(1)}`;
}

// ---- the Russian form in German or Polish letters --------------------------------------------------------

const RU_VOWEL = 'аеёиоуыэюя';

/** Russian Cyrillic in German letters (Duden-like): Шевченко → Schewtschenko, Алексей → Alexej. */
function russianToGerman(word: string): string {
  const w = word.toLowerCase();
  const table: Readonly<Record<string, string>> = {
    а: 'a', б: 'b', в: 'w', г: 'g', д: 'd', ж: 'sch', з: 's', и: 'i', й: 'j', к: 'k', л: 'l', м: 'm', н: 'n',
    о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'ch', ц: 'z', ч: 'tsch', ш: 'sch', щ: 'schtsch',
    ъ: '', ы: 'y', э: 'e', ю: 'ju', я: 'ja', ё: 'jo',
  }; // prettier-ignore
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i] as string;
    const prev = i === 0 ? '' : (w[i - 1] as string);
    const next = w[i + 1] ?? '';
    if (c === 'к' && next === 'с') {
      out += 'x';
      i++;
    } else if (c === 'е')
      out += prev === '' || RU_VOWEL.includes(prev) || prev === 'ь' || prev === 'ъ' ? 'je' : 'e';
    else if (c === 'ь')
      out += next !== '' && 'иоы'.includes(next) ? 'j' : ''; // е, ё, ю, я bring their own j
    else if (c === 'с' && RU_VOWEL.includes(prev) && prev !== '' && RU_VOWEL.includes(next) && next !== '')
      out += 'ss';
    else if (c === 'и' && next === 'й' && i + 2 === w.length) {
      out += 'i';
      i++;
    } else out += table[c] ?? c;
  }
  out = out.replace(/skij$/u, 'ski');
  return caseLike(word, out);
}

/** Russian Cyrillic in Polish letters (PWN): Сергей → Siergiej, Николаевич → Nikołajewicz, Шевченко → Szewczenko. */
function russianToPolish(word: string): string {
  const w = word.toLowerCase();
  const table: Readonly<Record<string, string>> = {
    а: 'a', б: 'b', в: 'w', г: 'g', д: 'd', ж: 'ż', з: 'z', й: 'j', к: 'k', м: 'm', н: 'n', о: 'o', п: 'p',
    р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'ch', ц: 'c', ч: 'cz', ш: 'sz', щ: 'szcz', ъ: '', ы: 'y', э: 'e',
  }; // prettier-ignore
  const soft: Readonly<Record<string, string>> = { н: 'ń', с: 'ś', з: 'ź', т: 'ć', д: 'dź', л: 'l' };
  const hard = 'жшцчщ';
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i] as string;
    const prev = i === 0 ? '' : (w[i - 1] as string);
    const next = w[i + 1] ?? '';
    const afterVowel = prev === '' || RU_VOWEL.includes(prev) || prev === 'ь' || prev === 'ъ';
    const iotated: Readonly<Record<string, string>> = { е: 'e', ё: 'o', ю: 'u', я: 'a' };
    if (c in iotated) {
      const v = iotated[c] as string;
      if (afterVowel) out += `j${v}`;
      else if (prev === 'л' || hard.includes(prev)) out += v;
      else out += `i${v}`;
    } else if (c === 'и') out += prev !== '' && 'жшц'.includes(prev) ? 'y' : 'i';
    else if (c === 'л') out += 'еёюяиь'.includes(next) && next !== '' ? 'l' : 'ł';
    else if (c === 'ь') {
      // The soft sign marks the consonant before it (written there), or is dropped.
    } else if (next === 'ь' && c in soft) out += soft[c] as string;
    else out += table[c] ?? c;
  }
  out = out.replace(/skij$/u, 'ski').replace(/skaja$/u, 'ska');
  return caseLike(word, out);
}

// ---- two persons ------------------------------------------------------------------------------------------

const OTHER_MALE: readonly (readonly [string, string, string])[] = [
  ['Олег', 'Олег', 'Oleh'], ['Андрій', 'Андрей', 'Andrii'], ['Сергій', 'Сергей', 'Serhii'],
  ['Микола', 'Николай', 'Mykola'], ['Дмитро', 'Дмитрий', 'Dmytro'], ['Іван', 'Иван', 'Ivan'],
  ['Віталій', 'Виталий', 'Vitalii'], ['Роман', 'Роман', 'Roman'],
]; // prettier-ignore
const OTHER_FEMALE: readonly (readonly [string, string, string])[] = [
  ['Олена', 'Елена', 'Olena'], ['Ірина', 'Ирина', 'Iryna'], ['Наталія', 'Наталья', 'Nataliia'],
  ['Оксана', 'Оксана', 'Oksana'], ['Юлія', 'Юлия', 'Yuliia'], ['Тетяна', 'Татьяна', 'Tetiana'],
]; // prettier-ignore

/** A surname a woman and a man of the family bear alike (the forms with no feminine of their own). */
const INVARIANT_FAMILY = /(?:енко|ко|ук|юк|чук|ар|ач|ець|enko|uk|iuk|ar)$/iu;

function initials(given: string, patronymic: string): string {
  const first = (s: string): string => ([...s][0] ?? '').toUpperCase();
  return patronymic === '' ? `${first(given)}.` : `${first(given)}.${first(patronymic)}.`;
}

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout17Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout17Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout17Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout17Class,
  rand: () => number,
): Holdout17Names {
  const clean = (): Holdout17Names => ({ ...base, birth, applied: 'clean' });
  const female = row.sex === 'female';
  const cyr = CYRILLIC.test(`${base.family}${base.given}${base.patronymic}`);
  switch (cls) {
    case 'vocative': {
      const uk = cyr && base.given === p.givenUk;
      const kmu =
        !cyr && base.given === romanizeUkrainian(p.givenUk) && base.family === romanizeUkrainian(p.familyUk);
      if ((!uk && !kmu) || base.given === '') return clean();
      const given = vocativeGiven(p.givenUk);
      const patronymic = base.patronymic === '' ? '' : vocativePatronymic(p.patronymicUk);
      if (given.toLowerCase() === p.givenUk.toLowerCase()) return clean();
      const w = (s: string): string => (uk ? s : romanizeUkrainian(s));
      return { ...base, given: w(given), patronymic: w(patronymic), birth, applied: cls };
    }
    case 'proper_caps': {
      const parts = [base.family, base.given, base.patronymic];
      if (!parts.some((s) => APOSTROPHE.test(s) || s.includes('-'))) return clean();
      const f = rand() < 0.65 ? proper : capitalize;
      const out = parts.map((s) => (APOSTROPHE.test(s) || s.includes('-') ? f(s) : s));
      if (out.every((s, i) => s === parts[i])) return clean();
      return {
        family: out[0] as string,
        given: out[1] as string,
        patronymic: out[2] as string,
        birth,
        applied: cls,
      };
    }
    case 'de_pl_russian': {
      const f = rand() < 0.5 ? russianToGerman : russianToPolish;
      return {
        family: f(p.familyRu),
        given: f(p.givenRu),
        patronymic: base.patronymic === '' ? '' : f(p.patronymicRu),
        birth,
        applied: cls,
      };
    }
    case 'two_persons': {
      if (base.given === '') return clean();
      const sameSex = !INVARIANT_FAMILY.test(base.family) || rand() < 0.6;
      const otherFemale = sameSex ? female : !female;
      const ru = cyr && base.given === p.givenRu && p.givenRu !== p.givenUk;
      const pool = (otherFemale ? OTHER_FEMALE : OTHER_MALE).filter(
        (o) => o[0] !== p.givenUk && o[1] !== p.givenRu,
      );
      const o = pickOne(pool, rand);
      const otherGiven = cyr ? (ru ? o[1] : o[0]) : o[2];
      // A sibling has the person's patronymic; the other sex's needs another ending: written without one.
      const otherPatronymic = sameSex ? base.patronymic : '';
      const first = rand() < 0.5;
      const a = { given: base.given, patronymic: base.patronymic };
      const b = { given: otherGiven, patronymic: otherPatronymic };
      const [x, y] = first ? [a, b] : [b, a];
      const and = cyr
        ? ru
          ? pickOne([' и ', ', '], rand)
          : pickOne([' та ', ' і ', ', '], rand)
        : pickOne([' and ', ', ', ' & '], rand);
      const full = (n: { given: string; patronymic: string }): string =>
        [base.family, n.given, n.patronymic].filter((s) => s !== '').join(' ');
      // Two birth dates in the birth cell, in the names' order, or the person's own.
      const otherBirth = birth.length >= 4 ? String(Number(birth.slice(0, 4)) + (first ? 3 : -3)) : '';
      const dates =
        birth !== '' && rand() < 0.4
          ? first
            ? `${dottedDate(birth)}, ${otherBirth}`
            : `${otherBirth}, ${dottedDate(birth)}`
          : birth;
      const r = rand();
      if (r < 0.35)
        return {
          family: `${full(x)}${and}${full(y)}`,
          given: '',
          patronymic: '',
          birth: dates,
          applied: cls,
        };
      if (r < 0.7)
        return {
          family: base.family,
          given: `${x.given}${and}${y.given}`,
          patronymic: base.patronymic,
          birth: dates,
          applied: cls,
        };
      if (r < 0.85 && base.patronymic !== '' && sameSex)
        return {
          family: `${base.family} ${initials(x.given, x.patronymic)}, ${initials(y.given, y.patronymic)}`,
          given: '',
          patronymic: '',
          birth: dates,
          applied: cls,
        };
      return {
        family: base.family,
        given: `${x.given}${and}${y.given}`,
        patronymic: '',
        birth: dates,
        applied: cls,
      };
    }
    case 'line_break': {
      const nl = rand() < 0.7 ? '\n' : '\r\n';
      const r = rand();
      if (r < 0.45) {
        const words = [base.family, base.given, base.patronymic].filter((s) => s !== '');
        const joined =
          rand() < 0.6 ? words.join(nl) : `${words[0] as string}${nl}${words.slice(1).join(' ')}`;
        return { family: joined, given: '', patronymic: '', birth, applied: cls };
      }
      if (r < 0.75 && base.patronymic !== '' && base.given !== '')
        return {
          ...base,
          given: `${base.given}${nl}${base.patronymic}`,
          patronymic: '',
          birth,
          applied: cls,
        };
      if (r < 0.9 && base.given !== '')
        return { ...base, family: `${base.family}${nl}${base.given}`, given: '', birth, applied: cls };
      return { ...base, family: `${base.family}${nl}`, birth, applied: cls };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Seventeenth hold-out search queries (NOISE=holdout17 in eval:search): a target drawn uniformly, its names written
 * by one of the name classes a search box meets (vocative, proper_caps, de_pl_russian, line_break, as a name copied
 * from a list or a letter; not two_persons, a search names one person), the patronymic dropped in 40%, birth as in
 * NOISE_RATES. Labels: `holdout17:<class>`, `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout17Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout17', prefix: 'h17', seed: (s: number) => s * 103 + 73 };
  const nameClasses: readonly Holdout17Class[] = ['vocative', 'proper_caps', 'de_pl_russian', 'line_break'];
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT17_CLASSES, rand());
    if (!nameClasses.includes(cls)) cls = pickOne(nameClasses, rand);
    const base = renderNames(names, style, rand);
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout17Names(names, row, base, birth.birth, cls, rand);
    if (written.patronymic !== '' && written.applied !== 'line_break' && rand() < NOISE_RATES.dropPatronymic)
      written.patronymic = '';
    return {
      q: eitherOrder(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '',
    };
  });
}
