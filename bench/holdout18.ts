/**
 * The eighteenth hold-out noise model (issue #11, `--noise holdout18` in simulate:link, NOISE=holdout18 in
 * eval:search), for the realistic population and the mixed one (`--profile mixed`): ways real lists of prisoners of
 * war, detainees, missing persons and deported children write a row that none of the seventeen earlier models
 * (bench/holdout.ts … holdout17.ts) writes. Written from how such lists look (a handwritten register or a camp's
 * handwritten list read by handwriting recognition or re-typed by someone who does not know the names, an Italian,
 * Spanish or Latin-American body's or newspaper's spelling, a Russian clerk who takes the given name from the person
 * and the patronymic as he would say it, a scan's specks read as punctuation inside a word, a Word document's
 * bullets and dashes pasted into a sheet), not from the code; a fix must be right for the kind of input, not for
 * this generator. Its tables are its own.
 *
 * What the earlier models already write and this one does not repeat: print OCR's digits for letters (holdout7
 * `ocr_digits`), printed look-alike letters of the other script (holdout `homoglyph`, holdout5 `caps_lookalike`),
 * typos (the background), an unstressed vowel heard otherwise (holdout3 `phone`), French, Czech, English, German,
 * Polish, Dutch, Swedish, Romanian, Hungarian, Turkish and Baltic spellings (holdout, holdout11, holdout12,
 * holdout15, the background), the Russian given name with the Ukrainian surname (holdout `ru_given`), Russian letters
 * for a Ukrainian spelling (holdout8 `ru_keyboard`, holdout16 `ru_uk_letters`), a field per script (holdout10
 * `script_per_field`), stray commas and edge punctuation (holdout `punct`), quotes and brackets round a cell
 * (holdout7 `enclosed`), a footnote's mark (holdout6 `footnote`), a row number (holdout6 `row_number`), markup
 * (holdout13 `markup`), a word split by a hyphen and a line break (holdout4 `split_word`), a double surname or given
 * name (holdout3 `double_given`, holdout6 `double_surname`).
 *
 * Each record or query carries one class (HOLDOUT18_CLASSES) on top of the usual background. Deterministic: all
 * randomness comes from the caller's seeded generator. Generated people only.
 */
import { romanizeRussian, romanizeUkrainian } from '@homecoming/names';
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
import { CYRILLIC, caseLike } from './holdoutText.js';
export { isCyrillic } from './holdoutText.js';

/** The classes and their shares. */
export const HOLDOUT18_CLASSES = {
  /**
   * A handwritten list read by handwriting recognition, or re-typed by someone who does not know the names: one or
   * two small letters (never the first) read as the letter of like cursive shape — Cyrillic ш↔щ, т→ш (the cursive т
   * is written like m), л↔м, а↔о, и↔й, і↔ї, б↔в, н↔п; a recogniser trained on Latin reads the cursive т as "m", и as
   * "u", п as "n", д as "g" ("Пemро", "Андрiй" left aside). Latin rows: print OCR's rn↔m, cl for d, li for h, vv
   * for w, I for l ("Rornan", "Kovaienko" left aside).
   */
  handwriting: 0.22,
  /**
   * An Italian or Spanish (or Latin-American) body's or newspaper's spelling of the Ukrainian forms (the Russian ones
   * for a Russian row): Italian "Scevcenko", "Kovalciuk", "Mykola", "Oleksij", "Sciamrai"; Spanish "Shevchenko",
   * "Mijailo", "Oleksi", "Yuri", "Jarchenko" (х → j).
   */
  spelling_it_es: 0.2,
  /**
   * A Russian clerk who writes the given name as the person gave it and the patronymic (sometimes the surname too)
   * as he would say it: "Коваленко Андрій Николаевич", "Олена Александровна", "Ковалев Андрій Николаевич"; Latin
   * rows: the given name by KMU, the patronymic by a Russian table ("Andrii Nikolaevich"). Clean where the two forms
   * of the patronymic are one.
   */
  ru_patronymic: 0.16,
  /**
   * A scan's specks, or a slip of the keys, read as punctuation inside a word: "Кова.ленко", "Анд,рій", "Пет'рович",
   * "Ков·аленко", "Шевчен:ко", "Iva´nenko", "Коваленк|о"; one mark in one name.
   */
  speck_punct: 0.2,
  /**
   * A Word document's typography pasted into a sheet: a list's bullet or dash before the surname ("• Коваленко",
   * "– Коваленко", "—Коваленко", "▪ Коваленко", "➢ Коваленко", "o\tКоваленко", "- Коваленко"), and a hyphenated
   * name's hyphen as Word's autoformat writes it (en dash, em dash, the no-break hyphen U+2011, the minus sign,
   * a spaced hyphen: "Коваленко–Шевчук", "Анна‑Марія", "Коваленко - Шевчук").
   */
  word_typography: 0.22,
} as const;
export type Holdout18Class = keyof typeof HOLDOUT18_CLASSES;

// ---- handwriting ----------------------------------------------------------------------------------------

/** Cyrillic small letters a reader of cursive takes for another Cyrillic letter. */
const CURSIVE_CYR: Readonly<Record<string, readonly string[]>> = {
  ш: ['щ', 'т'], щ: ['ш'], т: ['ш'], л: ['м'], м: ['л'], а: ['о'], о: ['а'], и: ['й', 'н'], й: ['и'],
  і: ['ї'], ї: ['і'], б: ['в'], в: ['б'], н: ['п'], п: ['н'],
}; // prettier-ignore
/** Cyrillic small letters a Latin-trained recogniser reads as the Latin letter of their cursive shape. */
const CURSIVE_LAT: Readonly<Record<string, string>> = { т: 'm', и: 'u', п: 'n', д: 'g' };
/** Latin print OCR's confusions (from → to), tried in this order. */
const OCR_LATIN: readonly (readonly [string, string])[] = [
  ['m', 'rn'], ['rn', 'm'], ['d', 'cl'], ['h', 'li'], ['w', 'vv'], ['l', 'I'], ['ri', 'n'],
]; // prettier-ignore

/** One cursive or OCR misreading in `word` (never its first letter); the word itself where none applies. */
function misread(word: string, rand: () => number): string {
  const chars = [...word];
  if (CYRILLIC.test(word)) {
    const spots: number[] = [];
    for (let i = 1; i < chars.length; i++) {
      const c = chars[i] as string;
      if (c in CURSIVE_CYR || c in CURSIVE_LAT) spots.push(i);
    }
    if (spots.length === 0) return word;
    const i = pickOne(spots, rand);
    const c = chars[i] as string;
    const latin = CURSIVE_LAT[c];
    if (latin !== undefined && (CURSIVE_CYR[c] === undefined || rand() < 0.4)) chars[i] = latin;
    else chars[i] = pickOne(CURSIVE_CYR[c] ?? [c], rand);
    return chars.join('');
  }
  const options = OCR_LATIN.filter(([from]) => word.slice(1).includes(from));
  if (options.length === 0) return word;
  const [from, to] = pickOne(options, rand);
  const at = word.indexOf(from, 1);
  return `${word.slice(0, at)}${to}${word.slice(at + from.length)}`;
}

// ---- Italian and Spanish ----------------------------------------------------------------------------------

const VOWELS = 'аеєиіїоуюяыэё';
const FRONT = 'еєиіїэ';

/** Cyrillic (Ukrainian or Russian) in Italian letters: Шевченко → Scevcenko, Ковальчук → Kovalciuk. */
function toItalian(word: string): string {
  const w = word.toLowerCase();
  const table: Readonly<Record<string, string>> = {
    а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'je', ж: 'zh', з: 'z', и: 'y', і: 'i', ї: 'ji',
    й: 'j', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'ch',
    ц: 'z', ь: '', ю: 'ju', я: 'ja', ы: 'y', э: 'e', ё: 'jo', ъ: '', "'": '', '’': '', ʼ: '',
  }; // prettier-ignore
  const ru = /[ыэё]/u.test(w) || (!/[іїєґ']/u.test(w) && /и/u.test(w) && looksRussian(w));
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i] as string;
    const next = w[i + 1] ?? '';
    const front = next !== '' && FRONT.includes(next);
    if (c === 'ч' || c === 'ш' || c === 'щ') {
      const base = c === 'ч' ? 'c' : 'sc';
      // Before e and i the letter alone; before a, o, u the "i" that keeps it soft; at the end "c" / "sc".
      out += front || next === '' ? base : VOWELS.includes(next) ? `${base}i` : base;
      if (next === 'ю' || next === 'я') {
        out += next === 'ю' ? 'u' : 'a';
        i++;
      }
    } else if (c === 'г' && ru) out += 'g';
    else if (c === 'и' && ru) out += 'i';
    else out += table[c] ?? c;
  }
  return caseLike(word, out);
}

/** Whether a word with и and no Ukrainian letter is read as Russian (a fixed choice by the word). */
function looksRussian(w: string): boolean {
  return /(?:ий|ей|ович|евич|овна|евна|ов|ев|ин)$/u.test(w);
}

/** Cyrillic (Ukrainian or Russian) in Spanish letters: Михайло → Mijailo, Харченко → Jarchenko, Юрій → Yuri. */
function toSpanish(word: string): string {
  const w = word.toLowerCase();
  const table: Readonly<Record<string, string>> = {
    а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ye', ж: 'zh', з: 'z', и: 'i', і: 'i', ї: 'yi',
    й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'j',
    ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ь: '', ю: 'iu', я: 'ia', ы: 'i', э: 'e', ё: 'io', ъ: '', "'": '',
    '’': '', ʼ: '',
  }; // prettier-ignore
  const ru = /[ыэё]/u.test(w) || (!/[іїєґ']/u.test(w) && looksRussian(w));
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i] as string;
    const prev = i === 0 ? '' : (w[i - 1] as string);
    if (c === 'г' && ru) out += 'g';
    else if ((c === 'ю' || c === 'я' || c === 'є') && (prev === '' || VOWELS.includes(prev)))
      out += c === 'ю' ? 'yu' : c === 'я' ? 'ya' : 'ye';
    else if (c === 'й' && i === w.length - 1 && 'иі'.includes(prev))
      out += ''; // Андрій → Andri, Юрій → Yuri, Сергей → Serguei below
    else out += table[c] ?? c;
  }
  out = out.replace(/^i([aeou])/u, 'y$1').replace(/gei$/u, 'guei');
  return caseLike(word, out);
}

// ---- specks -----------------------------------------------------------------------------------------------

const SPECKS = ['.', ',', "'", '·', ':', ';', '´', '|', '`', '.'];

/** One speck inside `word`, between two of its letters; the word itself when it is too short. */
function speck(word: string, rand: () => number): string {
  const chars = [...word];
  if (chars.length < 4) return word;
  const at = 1 + Math.floor(rand() * (chars.length - 2));
  return `${chars.slice(0, at).join('')}${pickOne(SPECKS, rand)}${chars.slice(at).join('')}`;
}

// ---- Word's typography ----------------------------------------------------------------------------------

const BULLETS = ['• ', '•\t', '– ', '—', '- ', '▪ ', '● ', '➢ ', 'o\t', '◦ ', '► ', '· '];
const DASHES = ['–', '—', '\u2011', '\u2212', ' - ', ' – '];

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout18Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout18Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout18Names(
  p: PersonNames,
  _row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout18Class,
  rand: () => number,
): Holdout18Names {
  const clean = (): Holdout18Names => ({ ...base, birth, applied: 'clean' });
  const cyr = CYRILLIC.test(`${base.family}${base.given}${base.patronymic}`);
  const fields = ['family', 'given', 'patronymic'] as const;
  const done = (out: Rendered): Holdout18Names =>
    fields.every((f) => out[f] === base[f]) ? clean() : { ...out, birth, applied: cls };
  switch (cls) {
    case 'handwriting': {
      const out = { ...base };
      // One name in two of three rows, two names in the rest; the surname most often.
      const first = rand() < 0.5 ? 'family' : pickOne(fields, rand);
      out[first] = misread(out[first], rand);
      if (rand() < 0.35) {
        const second = pickOne(fields, rand);
        if (second !== first) out[second] = misread(out[second], rand);
      }
      return done(out);
    }
    case 'spelling_it_es': {
      const ruRow = cyr ? base.given === p.givenRu && p.givenRu !== p.givenUk : rand() < 0.3;
      const src = ruRow
        ? { family: p.familyRu, given: p.givenRu, patronymic: p.patronymicRu }
        : { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk };
      const f = rand() < 0.5 ? toItalian : toSpanish;
      return done({
        family: f(src.family),
        given: base.given === '' ? '' : f(src.given),
        patronymic: base.patronymic === '' ? '' : f(src.patronymic),
      });
    }
    case 'ru_patronymic': {
      if (base.patronymic === '' || base.given === '') return clean();
      if (p.patronymicRu.toLowerCase() === p.patronymicUk.toLowerCase()) return clean();
      const familyRu = rand() < 0.3;
      if (cyr)
        return done({
          family: familyRu ? p.familyRu : p.familyUk,
          given: p.givenUk,
          patronymic: p.patronymicRu,
        });
      const table = rand() < 0.5 ? 'icao' : 'bgn';
      return done({
        family: familyRu ? romanizeRussian(p.familyRu, table) : romanizeUkrainian(p.familyUk),
        given: romanizeUkrainian(p.givenUk),
        patronymic: romanizeRussian(p.patronymicRu, table),
      });
    }
    case 'speck_punct': {
      const out = { ...base };
      const f = rand() < 0.5 ? 'family' : pickOne(fields, rand);
      out[f] = speck(out[f], rand);
      return done(out);
    }
    case 'word_typography': {
      const out = { ...base };
      const hyphened = fields.filter((f) => out[f].includes('-'));
      if (hyphened.length > 0 && rand() < 0.7) {
        const dash = pickOne(DASHES, rand);
        for (const f of hyphened) out[f] = out[f].replaceAll('-', dash);
      }
      if (hyphened.length === 0 || rand() < 0.5) out.family = `${pickOne(BULLETS, rand)}${out.family}`;
      return done(out);
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Eighteenth hold-out search queries (NOISE=holdout18 in eval:search): a target drawn uniformly, its names written
 * by one of the classes (all of them: a name copied from a handwritten list, a foreign article, a Russian paper, a
 * scan or a Word document), the patronymic dropped in 40%, birth as in NOISE_RATES. Labels: `holdout18:<class>`,
 * `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout18Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout18', prefix: 'h18', seed: (s: number) => s * 107 + 79 };
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    const cls = pickShare(HOLDOUT18_CLASSES, rand());
    const base = renderNames(names, style, rand);
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout18Names(names, row, base, birth.birth, cls, rand);
    if (
      written.patronymic !== '' &&
      written.applied !== 'ru_patronymic' &&
      rand() < NOISE_RATES.dropPatronymic
    )
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
