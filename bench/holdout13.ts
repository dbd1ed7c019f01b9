/**
 * The thirteenth hold-out noise model (issue #11, `--noise holdout13` in simulate:link, NOISE=holdout13 in
 * eval:search), for the realistic population and the mixed one (`--profile mixed`): ways real lists write a name or
 * a birth date that none of the twelve earlier models (bench/holdout.ts … holdout12.ts) writes. Written from how
 * such lists look (a typewritten or printed list's letter-spaced surnames read from a PDF, a CSV export that guards
 * its cells against a spreadsheet's reading, a web page's or a messenger post's markup left in a cell, a name typed
 * in Latin letters and digits on a phone, an export through an accent-stripping function, a foreign body's form of
 * address before the name), not from the code; a fix must be right for the kind of input, not for this generator.
 * Its tables are its own.
 *
 * What the earlier models already write and this one does not repeat: mojibake (holdout2 `mojibake`), NFD letters
 * and stress marks (holdout3 `combining`), HTML numeric references and JSON escapes (holdout10 `web_escaped`),
 * letters a plainer keyboard loses — ї→і, є→е, ґ→г, ё→е (holdout4 `letters_lost`), a surname split once by OCR or a
 * line break (holdout4 `split_word`), quotes and brackets round a cell (holdout7 `enclosed`), a footnote's mark
 * (holdout6 `footnote`), a rank before or after the name (holdout2 `rank`, holdout8 `rank_after`), the ICAO, KMU,
 * BGN, German, Polish, French, Czech and other Latin spellings, a Ukrainian spelling on a Russian keyboard (holdout8
 * `ru_keyboard`), OCR's digits for letters in a printed name (holdout7 `ocr_digits`), typos and diminutives (the
 * background).
 *
 * Each record or query carries one class (HOLDOUT13_CLASSES) on top of the usual background. Deterministic: all
 * randomness comes from the caller's seeded generator. Generated people only.
 */
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
export const HOLDOUT13_CLASSES = {
  /**
   * Letters spaced out, as a typewritten or printed list emphasises a surname (разрядка) and as a PDF's text layer
   * gives a word set with letter spacing: "К о в а л е н к о", "К О В А Л Е Н К О", "K o v a l e n k o"; the
   * surname alone, or every name; the words of a cell apart by two or three spaces.
   */
  letter_spaced: 0.17,
  /**
   * A CSV export that keeps a spreadsheet from reading a cell as a number, a date or a formula: the cell written as
   * Excel's text formula ('="12.03.1991"', '="Коваленко"'), with Excel's leading apostrophe for text ("'12.03.1991",
   * "'Коваленко"), or with a leading tab; the birth date, or every cell of the row.
   */
  formula_cell: 0.17,
  /**
   * Markup a web page's table, a content system's export or a messenger post leaves in a name cell: HTML tags
   * ("<b>Коваленко</b>", "<strong>…</strong>", '<span class="name">…</span>', a trailing "<br>" or "<br/>"), a
   * named entity for a space ("Андрій&nbsp;Петрович", "Коваленко&nbsp;"), a messenger's bold or italic marks
   * ("**Коваленко**", "__Андрій__", "_Коваленко_").
   */
  markup: 0.17,
  /**
   * A name typed in Latin letters on a phone or a keyboard with no Cyrillic, as an SMS or a messenger message to a
   * hotline writes it (translit, "volapuk"): letters by sound or look, one writer's choice for each letter, digits
   * for letters they look like ("Shev4enko", "Kovalchuk", "Andrij", "Petrovi4", "Mykola", "Ko6ovyi", "9na"
   * for Яна), Ukrainian or Russian forms, often in lower case.
   */
  translit_chat: 0.17,
  /**
   * An export through a function that keeps only base letters (PostgreSQL's unaccent, an accent-insensitive
   * search index, a decompose-and-drop-marks routine): й → и, ї → і, ё → е in every name ("Андріи", "Сергіиович",
   * "Маиборода", "Юрии", "Андреи"). Clean for a Latin row, or a name with none of those letters.
   */
  marks_stripped: 0.16,
  /**
   * A form of address before the name, as a foreign body's, a consulate's or a Ukrainian office's letter or list
   * writes it: "Mr", "Mrs.", "Ms", "Herr", "Frau", "Pan", "Pani", "пан", "пані", "п.", "господин", "гражданка",
   * "г-н", "г-жа", "гр-н", "гр-ка" before the surname (or before the given name); "KOVALENKO, Mrs" after it.
   */
  honorific: 0.16,
} as const;
export type Holdout13Class = keyof typeof HOLDOUT13_CLASSES;

// ---- letter spacing -------------------------------------------------------------------------------------

/** A cell's letters spaced out: one space between letters, `gap` between words. */
function spaced(text: string, gap: string): string {
  return text
    .split(/\s+/u)
    .filter((w) => w !== '')
    .map((w) => [...w].join(' '))
    .join(gap);
}

// ---- spreadsheet guards ---------------------------------------------------------------------------------

/** A cell guarded one way: '="…"', "'…", or a leading tab. */
function guarded(cell: string, how: number): string {
  if (cell === '') return '';
  if (how === 0) return `="${cell.replace(/"/gu, '""')}"`;
  if (how === 1) return `'${cell}`;
  return `\t${cell}`;
}

// ---- markup ---------------------------------------------------------------------------------------------

const TAGS: readonly (readonly [string, string])[] = [
  ['<b>', '</b>'],
  ['<strong>', '</strong>'],
  ['<span class="name">', '</span>'],
  ['<p>', '</p>'],
  ['<td>', '</td>'],
  ['<i>', '</i>'],
  ['', '<br>'],
  ['', '<br/>'],
  ['', '<br />'],
];

function marked(cell: string, rand: () => number): string {
  if (cell === '') return '';
  const r = rand();
  if (r < 0.55) {
    const [open, close] = pickOne(TAGS, rand);
    return `${open}${cell.replace(/ /gu, rand() < 0.5 ? '&nbsp;' : ' ')}${close}`;
  }
  if (r < 0.75) return cell.includes(' ') ? cell.replace(/ /gu, '&nbsp;') : `${cell}&nbsp;`;
  const mark = pickOne(['**', '__', '_', '*'], rand);
  return `${mark}${cell}${mark}`;
}

// ---- translit -------------------------------------------------------------------------------------------

/** A Cyrillic letter's Latin choices in translit; the writer picks one for each letter and keeps it. */
const CHAT: Readonly<Record<string, readonly string[]>> = {
  а: ['a'], б: ['b'], в: ['v', 'v', 'w'], г: ['h', 'g', 'g'], ґ: ['g'], д: ['d'], е: ['e'], є: ['ye', 'je', 'e'],
  ж: ['zh', 'j', 'zh'], з: ['z'], и: ['y', 'i', 'y'], і: ['i'], ї: ['yi', 'i', 'ji'], й: ['y', 'i', 'j'],
  к: ['k'], л: ['l'], м: ['m'], н: ['n'], о: ['o'], п: ['p'], р: ['r'], с: ['s'], т: ['t'], у: ['u'],
  ф: ['f'], х: ['h', 'kh', 'x'], ц: ['c', 'ts', 'tz'], ч: ['4', 'ch', 'ch'], ш: ['sh', 'w', '6'],
  щ: ['sch', 'w', 'shch'], ь: ['', "'", ''], ю: ['yu', 'ju', 'iu'], я: ['ya', 'ja', '9'], ы: ['y', 'bl'],
  э: ['e'], ё: ['yo', 'e', 'jo'], ъ: ['', "'"], "'": ['', "'"], '’': ['', "'"], ʼ: ['', "'"],
}; // prettier-ignore

/** A writer's translit: each letter's choice drawn once. */
function chatTable(rand: () => number): Readonly<Record<string, string>> {
  const t: Record<string, string> = {};
  for (const [k, v] of Object.entries(CHAT)) t[k] = pickOne(v, rand);
  return t;
}

function chat(text: string, table: Readonly<Record<string, string>>, lower: boolean): string {
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    const t = table[l];
    if (t === undefined) out += ch;
    else if (!lower && ch !== l && t !== '') out += (t[0] as string).toUpperCase() + t.slice(1);
    else out += t;
  }
  return out;
}

// ---- marks stripped -------------------------------------------------------------------------------------

/** Base letters only (NFD, marks dropped, recomposed): й → и, ї → і, ё → е. */
function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

// ---- forms of address -----------------------------------------------------------------------------------

const ADDRESS_LAT: Readonly<Record<'male' | 'female', readonly string[]>> = {
  male: ['Mr', 'Mr.', 'MR', 'Herr', 'Pan', 'M.'],
  female: ['Mrs', 'Mrs.', 'Ms', 'Ms.', 'Miss', 'Frau', 'Pani', 'Mme'],
};
const ADDRESS_CYR: Readonly<Record<'male' | 'female', readonly string[]>> = {
  male: ['пан', 'п.', 'Пан', 'господин', 'г-н', 'гр-н', 'гражданин', 'громадянин'],
  female: ['пані', 'п.', 'Пані', 'госпожа', 'г-жа', 'гр-ка', 'гражданка', 'громадянка'],
};

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout13Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout13Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout13Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout13Class,
  rand: () => number,
): Holdout13Names {
  const clean = (): Holdout13Names => ({ ...base, birth, applied: 'clean' });
  const female = row.sex === 'female';
  const cyr = CYRILLIC.test(`${base.family}${base.given}${base.patronymic}`);
  switch (cls) {
    case 'letter_spaced': {
      const gap = pickOne(['  ', '   ', '  '], rand);
      const upper = rand() < 0.4;
      const sp = (s: string): string => spaced(upper ? s.toUpperCase() : s, gap);
      if (rand() < 0.6) return { ...base, family: sp(base.family), birth, applied: cls };
      return {
        family: sp(base.family),
        given: sp(base.given),
        patronymic: sp(base.patronymic),
        birth,
        applied: cls,
      };
    }
    case 'formula_cell': {
      const how = Math.floor(rand() * 3);
      const date = birth === '' ? '' : rand() < 0.7 ? dottedDate(birth) : birth;
      if (rand() < 0.55) {
        if (date === '') return clean();
        return { ...base, birth: guarded(date, how), applied: cls };
      }
      return {
        family: guarded(base.family, how),
        given: guarded(base.given, how),
        patronymic: guarded(base.patronymic, how),
        birth: guarded(date, how),
        applied: cls,
      };
    }
    case 'markup': {
      const r = rand();
      if (r < 0.5) return { ...base, family: marked(base.family, rand), birth, applied: cls };
      if (r < 0.7 && base.given !== '') {
        // The given name and the patronymic in one cell, joined by the page's no-break space.
        if (base.patronymic !== '' && rand() < 0.6)
          return {
            ...base,
            given: `${base.given}&nbsp;${base.patronymic}`,
            patronymic: '',
            birth,
            applied: cls,
          };
        return { ...base, given: marked(base.given, rand), birth, applied: cls };
      }
      return {
        family: marked(base.family, rand),
        given: marked(base.given, rand),
        patronymic: marked(base.patronymic, rand),
        birth,
        applied: cls,
      };
    }
    case 'translit_chat': {
      const table = chatTable(rand);
      const lower = rand() < 0.35;
      const ru = rand() < 0.3;
      const src: Rendered = {
        family: base.family === '' ? '' : ru ? p.familyRu : p.familyUk,
        given: base.given === '' ? '' : ru ? p.givenRu : p.givenUk,
        patronymic: base.patronymic === '' ? '' : ru ? p.patronymicRu : p.patronymicUk,
      };
      const t = (s: string): string => chat(lower ? s.toLowerCase() : s, table, lower);
      return {
        family: t(src.family),
        given: t(src.given),
        patronymic: t(src.patronymic),
        birth,
        applied: cls,
      };
    }
    case 'marks_stripped': {
      if (!cyr) return clean();
      const out: Rendered = {
        family: stripMarks(base.family),
        given: stripMarks(base.given),
        patronymic: stripMarks(base.patronymic),
      };
      if (out.family === base.family && out.given === base.given && out.patronymic === base.patronymic)
        return clean();
      return { ...out, birth, applied: cls };
    }
    case 'honorific': {
      const sex = female ? 'female' : 'male';
      const word = pickOne(cyr ? ADDRESS_CYR[sex] : ADDRESS_LAT[sex], rand);
      const r = rand();
      if (r < 0.6) return { ...base, family: `${word} ${base.family}`, birth, applied: cls };
      if (r < 0.8 && base.given !== '')
        return { ...base, given: `${word} ${base.given}`, birth, applied: cls };
      return { ...base, family: `${base.family}, ${word}`, birth, applied: cls };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Thirteenth hold-out search queries (NOISE=holdout13 in eval:search): a target drawn uniformly, its names written
 * by one of the name classes a search box meets (letter_spaced, markup, translit_chat, marks_stripped, honorific;
 * not formula_cell, a copy from a spreadsheet's cell gives its value), the patronymic dropped in 40%, birth as in
 * NOISE_RATES. Labels: `holdout13:<class>`, `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout13Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout13', prefix: 'h13', seed: (s: number) => s * 83 + 59 };
  const nameClasses: readonly Holdout13Class[] = [
    'letter_spaced',
    'markup',
    'translit_chat',
    'marks_stripped',
    'honorific',
  ];
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT13_CLASSES, rand());
    if (!nameClasses.includes(cls)) cls = pickOne(nameClasses, rand);
    const base = renderNames(names, style, rand);
    if (base.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic) base.patronymic = '';
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout13Names(names, row, base, birth.birth, cls, rand);
    return {
      q: eitherOrder(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '',
    };
  });
}
