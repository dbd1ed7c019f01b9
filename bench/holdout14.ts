/**
 * The fourteenth hold-out noise model (issue #11, `--noise holdout14` in simulate:link, NOISE=holdout14 in
 * eval:search), for the realistic population and the mixed one (`--profile mixed`): ways real lists of prisoners of
 * war, detainees, missing persons and deported children write a row that none of the thirteen earlier models
 * (bench/holdout.ts … holdout13.ts) writes. Written from how such lists look (a clerk's ditto marks down a column, a
 * personal number as other lists and a spreadsheet write it, a CSV row whose cells slid by one column, an archival
 * publication's editorial brackets, an investigator's "also known as", a list typed with Caps Lock on, a report's
 * cell cut with an ellipsis), not from the code; a fix must be right for the kind of input, not for this generator.
 * Its tables are its own.
 *
 * What the earlier models already write and this one does not repeat: "not known" marks in a cell (holdout7
 * `placeholder`: "-", "—", "н/д", "невідомо"), a call sign beside the surname (holdout4 `nickname`), a maiden name
 * marked "дів." / "née" (holdout5 `maiden_marked`), both language forms in one cell (holdout9 `both_forms`), the
 * surname and the other script in one cell (holdout11 `bilingual_cell`), a cell cut at a fixed width with no mark
 * (holdout2 `fixed_width`), every name in lower case (holdout4 `lower`), a stressed vowel in capitals (holdout11
 * `stress_caps`), a row number, a field label, a footnote's mark or a note in a name cell (holdout6, holdout7),
 * ISO timestamps shifted by a time zone (holdout9 `iso_timestamp`), a Roman month (holdout5 `date_forms`, holdout10
 * `date_roman_cyr`), contracted given names (holdout5 `given_contracted`), the genitive, dative and accusative
 * (holdout2 `declined`, holdout5 `declined_case`), the whole name split into the three columns in speaking order
 * (holdout12 `columns_natural`).
 *
 * Each record or query carries one class (HOLDOUT14_CLASSES) on top of the usual background. Deterministic: all
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
import { CYRILLIC, dottedDate } from './holdoutText.js';
export { isCyrillic } from './holdoutText.js';

/** The classes and their shares. */
export const HOLDOUT14_CLASSES = {
  /**
   * A ditto mark where a clerk repeats the value of the row above down a column (a family's rows, a camp's
   * transport list, a hand-typed register): "-//-", "—//—", '-"-', '—"—', "〃", "те саме", "те ж", "то же", "тоже",
   * "do.", "ditto", "same"; in the patronymic's, the given name's or the birth date's cell, or in the surname's
   * (a family). The row above is not the record's: the value is not given, and it is never a name every such row
   * shares.
   */
  ditto: 0.16,
  /**
   * The personal (service) number as other lists write it: with a number sign or a label ("№ АА123456", "ос. №
   * АА123456", "жетон АА123456", "личный номер АА123456", "Service No. AA123456"), the series apart ("АА 123456",
   * "АА-123456"), in Latin letters ("AB123456", "ZhK123456"), or the digits alone as a spreadsheet keeps them
   * ("123456", leading zeros lost "23456", a float "123456.0"). Clean for a row with no service number.
   */
  service_written: 0.16,
  /**
   * A row whose cells slid by one column: an unquoted comma in the surname's cell ("Коваленко, сол.") pushed the
   * given name under the patronymic and the patronymic under the birth date; or an empty patronymic's cell lost, so
   * that the birth date stands under the patronymic and the next column's value (a place of birth, or nothing)
   * under the birth date.
   */
  column_shift: 0.14,
  /**
   * An archival publication's or a memorial book's editorial marks: letters the editor restored in square brackets
   * ("Ков[а]ленко", "Петр[ович]", "Андр[ій]"), a doubtful reading ("Коваленко (?)", "Андрій[?]"), "[sic]" or
   * "(так у документі)" after a name, an unreadable patronymic ("[нрзб.]", "[неразб.]", "(нерозбірливо)",
   * "[illegible]").
   */
  editorial: 0.16,
  /**
   * A second surname the person is also known under, as an investigator's, a court's or a detention list writes
   * it: "Коваленко (він же Мельник)", "Коваленко, он же Мельник", "Коваленко @ Мельник", "Kovalenko a.k.a.
   * Melnyk", "Kovalenko alias Melnyk", "Коваленко (вона ж Мельник)"; the registry's surname first, or second.
   */
  alias: 0.14,
  /**
   * A list typed with Caps Lock on, the shift key pressed for the capital: "кОВАЛЕНКО аНДРІЙ пЕТРОВИЧ",
   * "kOVALENKO"; every name, or the surname alone.
   */
  caps_inverted: 0.12,
  /**
   * A cell a report or a web table cut to its width with an ellipsis: "Олександ…", "Олександрович" as
   * "Олександро...", "Коваленк…"; the given name, the patronymic or the surname. Clean for a word too short to cut.
   */
  ellipsis_cut: 0.12,
} as const;
export type Holdout14Class = keyof typeof HOLDOUT14_CLASSES;

// ---- ditto marks ----------------------------------------------------------------------------------------

const DITTO = [
  '-//-',
  '—//—',
  '-//-//-',
  '-"-',
  '—"—',
  '–"–',
  '〃',
  '〃 〃',
  'те саме',
  'те ж',
  'теж',
  'то же',
  'тоже',
  'do.',
  'ditto',
  'same',
];

// ---- service numbers ------------------------------------------------------------------------------------

const LABELS_CYR = ['№ ', '№', 'ос. № ', 'особовий номер ', 'жетон ', 'личный номер ', 'л/н ', 'ос.н. '];
const LABELS_LAT = ['No. ', 'Service No. ', 'ID ', 'S/N ', '# '];
/** A Cyrillic series letter's Latin form (the national system), as a foreign body's form writes it. */
const SERIES_LAT: Readonly<Record<string, string>> = {
  А: 'A', Б: 'B', В: 'V', Г: 'H', Д: 'D', Е: 'E', Ж: 'Zh', К: 'K', Л: 'L', М: 'M', Н: 'N', О: 'O', П: 'P',
  Р: 'R', С: 'S', Т: 'T', У: 'U', Ф: 'F', Х: 'Kh', Ц: 'Ts', Ч: 'Ch', Ш: 'Sh', Ю: 'Yu', Я: 'Ya',
}; // prettier-ignore

function serviceWritten(sn: string, cyr: boolean, rand: () => number): string {
  const m = /^(\p{L}*)(\d+)$/u.exec(sn);
  if (m === null) return sn;
  const series = m[1] as string;
  const digits = m[2] as string;
  const r = rand();
  if (r < 0.3) return `${pickOne(cyr ? LABELS_CYR : LABELS_LAT, rand)}${sn}`;
  if (r < 0.45) return `${series}${pickOne([' ', '-', ' № ', ' '], rand)}${digits}`;
  if (r < 0.65) {
    const lat = [...series].map((c) => SERIES_LAT[c] ?? c).join('');
    return `${lat}${rand() < 0.5 ? '' : ' '}${digits}`;
  }
  // The digits alone, as a column a spreadsheet read as a number keeps them.
  const n = String(Number(digits));
  const s = rand();
  if (s < 0.5) return n;
  if (s < 0.8) return `${n}.0`;
  return digits;
}

// ---- editorial marks ------------------------------------------------------------------------------------

const UNREADABLE = [
  '[нрзб.]',
  '[нрзб]',
  '[неразб.]',
  '(нерозбірливо)',
  '[неразборчиво]',
  '[illegible]',
  '[?]',
];
const SIC = ['[sic]', '(sic)', '(так у документі)', '(так в документе)', '[так в тексте]'];

/** A word with a run of its letters in square brackets: the ending (longer words) or one or two inner letters. */
function restored(word: string, rand: () => number): string {
  const n = [...word].length;
  if (n < 4) return word;
  const letters = [...word];
  if (rand() < 0.5) {
    const from = Math.max(2, n - 2 - Math.floor(rand() * 4));
    return `${letters.slice(0, from).join('')}[${letters.slice(from).join('')}]`;
  }
  const at = 1 + Math.floor(rand() * (n - 2));
  const len = rand() < 0.6 ? 1 : 2;
  return `${letters.slice(0, at).join('')}[${letters.slice(at, at + len).join('')}]${letters.slice(at + len).join('')}`;
}

// ---- alias ----------------------------------------------------------------------------------------------

const OTHER_SURNAMES_UK = [
  'Мельник',
  'Шевчук',
  'Бондар',
  'Ткаченко',
  'Кравчук',
  'Олійник',
  'Поліщук',
  'Лисенко',
  'Савчук',
  'Руденко',
];
const OTHER_SURNAMES_RU = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Волков',
  'Соколов',
  'Морозов',
  'Лебедев',
];

// ---- caps lock ------------------------------------------------------------------------------------------

function inverted(s: string): string {
  let out = '';
  for (const ch of s) {
    const l = ch.toLowerCase();
    out += ch === l ? ch.toUpperCase() : l;
  }
  return out;
}

// ---- ellipsis -------------------------------------------------------------------------------------------

function cut(word: string, rand: () => number): string {
  const letters = [...word];
  if (letters.length < 7) return word;
  const keep = 5 + Math.floor(rand() * (letters.length - 6));
  return `${letters.slice(0, keep).join('')}${rand() < 0.6 ? '…' : '...'}`;
}

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout14Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout14Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
  /** The service number as the class writes it (`service_written`); undefined: the background's. */
  serviceNumber?: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout14Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout14Class,
  rand: () => number,
): Holdout14Names {
  const clean = (): Holdout14Names => ({ ...base, birth, applied: 'clean' });
  const female = row.sex === 'female';
  const cyr = CYRILLIC.test(`${base.family}${base.given}${base.patronymic}`);
  switch (cls) {
    case 'ditto': {
      const mark = pickOne(DITTO, rand);
      const r = rand();
      if (r < 0.35 && base.patronymic !== '') return { ...base, patronymic: mark, birth, applied: cls };
      if (r < 0.65 && birth !== '') return { ...base, birth: mark, applied: cls };
      if (r < 0.8 && base.given !== '') return { ...base, given: mark, birth, applied: cls };
      return { ...base, family: mark, birth, applied: cls };
    }
    case 'service_written': {
      const sn = row.service_number ?? '';
      if (sn === '') return clean();
      const written = serviceWritten(sn, cyr, rand);
      if (written === sn) return clean();
      return { ...base, birth, serviceNumber: written, applied: cls };
    }
    case 'column_shift': {
      if (rand() < 0.5) {
        // An unquoted comma in the surname's cell: what followed it under the given name, the rest one cell on.
        const after = pickOne(
          cyr ? ['сол.', 'солдат', 'мол. с-т', 'ст. солдат', 'рядовий', 'матрос'] : ['pvt.', 'sgt.'],
          rand,
        );
        return {
          family: base.family,
          given: after,
          patronymic: base.given,
          birth: base.patronymic !== '' ? base.patronymic : dottedDate(birth),
          applied: cls,
        };
      }
      // The empty patronymic's cell lost: the birth date under the patronymic, the next column under the date.
      if (birth === '') return clean();
      const next = pickOne(['', '', 'м. Маріуполь', 'с. Іванівка', 'Херсонська обл.', 'в/ч А1234'], rand);
      return { ...base, patronymic: dottedDate(birth), birth: next, applied: cls };
    }
    case 'editorial': {
      const r = rand();
      if (r < 0.2 && base.patronymic !== '')
        return { ...base, patronymic: pickOne(UNREADABLE, rand), birth, applied: cls };
      if (r < 0.55) {
        const which = rand();
        if (which < 0.4 || base.given === '')
          return { ...base, family: restored(base.family, rand), birth, applied: cls };
        if (which < 0.7 || base.patronymic === '')
          return { ...base, given: restored(base.given, rand), birth, applied: cls };
        return { ...base, patronymic: restored(base.patronymic, rand), birth, applied: cls };
      }
      const mark = r < 0.8 ? pickOne([' (?)', '(?)', ' [?]', '[?]', '?'], rand) : ` ${pickOne(SIC, rand)}`;
      if (rand() < 0.7 || base.given === '')
        return { ...base, family: `${base.family}${mark}`, birth, applied: cls };
      return { ...base, given: `${base.given}${mark}`, birth, applied: cls };
    }
    case 'alias': {
      const ru = CYRILLIC.test(base.family) && /[ыэъё]/u.test(`${base.given}${base.patronymic}`);
      let other = pickOne(ru ? OTHER_SURNAMES_RU : OTHER_SURNAMES_UK, rand);
      if (female && !ru && /ов$|ев$|ин$/u.test(other)) other += 'а';
      if (female && ru) other += 'а';
      if (!cyr) other = romanizeUkrainian(other);
      if (other.toLowerCase() === base.family.toLowerCase()) return clean();
      const words = cyr
        ? female
          ? [' (вона ж ', ', вона ж ', ' (она же ', ', она же ', ' @ ', ' / ']
          : [' (він же ', ', він же ', ' (он же ', ', он же ', ' @ ', ' / ']
        : [' a.k.a. ', ' aka ', ' alias ', ' (aka ', ' @ '];
      const w = pickOne(words, rand);
      const close = w.includes('(') ? ')' : '';
      const first = rand() < 0.75 ? base.family : other;
      const second = first === base.family ? other : base.family;
      return { ...base, family: `${first}${w}${second}${close}`, birth, applied: cls };
    }
    case 'caps_inverted': {
      if (rand() < 0.35) return { ...base, family: inverted(base.family), birth, applied: cls };
      return {
        family: inverted(base.family),
        given: inverted(base.given),
        patronymic: inverted(base.patronymic),
        birth,
        applied: cls,
      };
    }
    case 'ellipsis_cut': {
      const r = rand();
      const order: (keyof Rendered)[] =
        r < 0.4
          ? ['given', 'patronymic', 'family']
          : r < 0.75
            ? ['patronymic', 'given', 'family']
            : ['family', 'given', 'patronymic'];
      for (const k of order) {
        const c = cut(base[k], rand);
        if (c !== base[k]) return { ...base, [k]: c, birth, applied: cls };
      }
      return clean();
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Fourteenth hold-out search queries (NOISE=holdout14 in eval:search): a target drawn uniformly, its names written
 * by one of the name classes a search box meets (editorial, alias, caps_inverted, ellipsis_cut, as a name copied
 * from a publication, an investigator's list or a report, or typed with Caps Lock on; not ditto, service_written
 * or column_shift, which are a list's rows), the patronymic dropped in 40%, birth as in NOISE_RATES. Labels:
 * `holdout14:<class>`, `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout14Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout14', prefix: 'h14', seed: (s: number) => s * 89 + 61 };
  const nameClasses: readonly Holdout14Class[] = ['editorial', 'alias', 'caps_inverted', 'ellipsis_cut'];
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT14_CLASSES, rand());
    if (!nameClasses.includes(cls)) cls = pickOne(nameClasses, rand);
    const base = renderNames(names, style, rand);
    if (base.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic) base.patronymic = '';
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout14Names(names, row, base, birth.birth, cls, rand);
    return {
      q: eitherOrder(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '',
    };
  });
}
