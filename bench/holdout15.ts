/**
 * The fifteenth hold-out noise model (issue #11, `--noise holdout15` in simulate:link, NOISE=holdout15 in
 * eval:search), for the realistic population and the mixed one (`--profile mixed`): ways real lists of prisoners of
 * war, detainees, missing persons and deported children write a row that none of the fourteen earlier models
 * (bench/holdout.ts … holdout14.ts) writes. Written from how such lists look (a Russian-speaking clerk's list taken
 * down from dictation, a Turkish mediator's or newspaper's spelling, a memorial list's life dates or a capture date
 * put in the birth date's column, a unit list's number for namesakes, a clerk's contracted patronymic, a form whose
 * first column is "surname and given name"), not from the code; a fix must be right for the kind of input, not for
 * this generator. Its tables are its own.
 *
 * What the earlier models already write and this one does not repeat: an unstressed vowel heard otherwise
 * (holdout3 `phone`: Шевчинко, Каваленко), a consonant doubled or single (holdout2 `consonant`), the given name
 * contracted (holdout5 `given_contracted`: "Ол-др"), the patronymic cut with a dot (holdout4 `patronymic_short`:
 * "Григор."), Romanian, Hungarian, Polish, German, Czech, French, Dutch and Swedish spellings (holdout, holdout11,
 * holdout12, the background's `pl` and `de`), the other population's names in their own Latin (holdout4 `native`;
 * the mixed profile's population), a footnote's mark or a row number by the name (holdout6), a year range for an
 * uncertain birth year (holdout11 `year_range`: two years one or two apart), words or a place beside a birth date
 * (holdout6 `date_annotated`), an age for the date (holdout8 `age`), the whole name in one column (holdout2
 * `one_field`), the given name with the patronymic (holdout2 `given_patronymic`), the speaking order split into the
 * columns (holdout12 `columns_natural`).
 *
 * Each record or query carries one class (HOLDOUT15_CLASSES) on top of the usual background. Deterministic: all
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
export const HOLDOUT15_CLASSES = {
  /**
   * A name written down from dictation by a Russian-speaking clerk (a detention facility's intake, a filtration
   * point's list, a Russian hospital's admission), its consonants as they sound: a voiced consonant at a word's end
   * or before a voiceless one written voiceless (Голуб → "Голуп", Мороз → "Морос", Гліб → "Гліп", Давид → "Давыт",
   * Шевченко → "Шефченко", Вовк → "Вофк", Кравчук → "Крафчук"), a cluster simplified as it is spoken ("-стськ-" →
   * "-ськ-", "-стн-" → "-сн-"), щ as "шч" and дж as "ж"; in the Cyrillic the clerk writes, one or two changes in the
   * surname or the given name. Clean for a name with none of them.
   */
  dictation: 0.18,
  /**
   * The names as a Turkish body (a mediator's exchange list, a Turkish newspaper or a consulate) spells them: ş for
   * ш, ç for ч, c for дж, j for ж, y for й, h for х and for Ukrainian г (g for the Russian), i for и and і, ı for ы,
   * "-iy" for "-ий" ("Şevçenko Andriy Petroviç", "Kovalçuk", "Volodimir Zelenskiy", "Oleksandr", "Aleksandr").
   */
  spelling_tr: 0.17,
  /**
   * Another date in the birth date's cell: a memorial list's or a death register's life dates ("12.03.1991 –
   * 14.05.2022", "1991–2022", "12.03.1991 † 14.05.2022", "* 12.03.1991 † 14.05.2022", "12.03.1991 (заг.
   * 14.05.2022)"), or a date of capture or death alone where a clerk filled the wrong column ("14.05.2022"); the
   * other date between 24.02.2022 and 2025. Clean when the row has no birth date.
   */
  life_dates: 0.17,
  /**
   * A namesake's number after the surname, as a unit's or a camp's list tells two men of one surname apart ("Иванов
   * 2-й", "Коваленко 1-й", "Коваленко-2", "Коваленко (II)", "Коваленко II") or a spreadsheet's de-duplication left
   * it ("Коваленко_2", "Коваленко #2"); Latin "Kovalenko 2nd".
   */
  namesake_index: 0.16,
  /**
   * The patronymic contracted in the middle with a hyphen, as a clerk writes it in a narrow column and as Soviet
   * and Russian registers abbreviate it: "Олекс-дрович", "Ол-дрович", "Вол-рович", "Петр-вна", "Ал-дровна"; Latin
   * "Oleks-drovych". Clean for a patronymic too short to contract, or none.
   */
  patronymic_contracted: 0.16,
  /**
   * A form whose first column is "Прізвище, ім'я" ("Фамилия, имя") and the second "По батькові": the surname and
   * the given name in the surname's cell, the patronymic in the given name's, the patronymic's cell empty ("Коваленко
   * Андрій | Петрович | "); or the given name's cell left empty and the patronymic in its own. Clean when the row has
   * no patronymic.
   */
  surname_given_cell: 0.16,
} as const;
export type Holdout15Class = keyof typeof HOLDOUT15_CLASSES;

// ---- dictation ------------------------------------------------------------------------------------------

const DEVOICE: Readonly<Record<string, string>> = { б: 'п', д: 'т', з: 'с', ж: 'ш', г: 'х', в: 'ф' };
const VOICELESS = 'кптсшчцхф';

/** The places in a word where a clerk writing by ear changes a consonant, each as the word it gives. */
function heardForms(word: string): string[] {
  const lower = word.toLowerCase();
  const out: string[] = [];
  const at = (i: number, len: number, by: string): void => {
    const upper = word[i] !== lower[i];
    const rep = upper ? `${by.slice(0, 1).toUpperCase()}${by.slice(1)}` : by;
    out.push(`${word.slice(0, i)}${rep}${word.slice(i + len)}`);
  };
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i] as string;
    const next = lower[i + 1];
    const dev = DEVOICE[c];
    // A voiced consonant at the end (not в after a vowel at the end: Іванів keeps it as [w]) or before a voiceless.
    if (dev !== undefined && i > 0) {
      if (next === undefined && c !== 'в') at(i, 1, dev);
      else if (next !== undefined && VOICELESS.includes(next)) at(i, 1, dev);
    }
    if (c === 'щ') at(i, 1, 'шч');
    if (c === 'д' && next === 'ж') at(i, 2, 'ж');
  }
  const cluster = /стськ|стн|здн|нтськ/u.exec(lower);
  if (cluster !== null) {
    const by = { стськ: 'ськ', стн: 'сн', здн: 'зн', нтськ: 'нськ' }[cluster[0]] as string;
    at(cluster.index, cluster[0].length, by);
  }
  return out;
}

/** A word with one (or, for a long word, two) of its heard changes; the word itself when it has none. */
function byEar(word: string, rand: () => number): string {
  const first = heardForms(word);
  if (first.length === 0) return word;
  const once = pickOne(first, rand);
  if (rand() < 0.7 || [...word].length < 8) return once;
  const second = heardForms(once).filter((w) => w !== once);
  return second.length === 0 ? once : pickOne(second, rand);
}

// ---- Turkish spelling -----------------------------------------------------------------------------------

const TR: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', ґ: 'g', д: 'd', е: 'e', є: 'ye', ё: 'yo', ж: 'j', з: 'z', и: 'i', і: 'i', ї: 'yi',
  й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h',
  ц: 'ts', ч: 'ç', ш: 'ş', щ: 'şç', ь: '', ъ: '', ы: 'ı', э: 'e', ю: 'yu', я: 'ya', "'": '', 'ʼ': '', '’': '',
}; // prettier-ignore

/** A Cyrillic word in a Turkish writer's letters; г as h (Ukrainian) or g (Russian). */
function turkish(word: string, ru: boolean): string {
  const w = word.replace(/дж/gu, 'c').replace(/Дж/gu, 'C');
  const lower = w.toLowerCase();
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const ch = w[i] as string;
    const l = lower[i] as string;
    let t: string;
    if (l === 'г') t = ru ? 'g' : 'h';
    else if (l === 'и' && lower[i + 1] === 'й' && i + 2 === lower.length) t = 'i';
    else t = TR[l] ?? l;
    out += ch !== l && t !== '' ? `${t[0]?.toUpperCase() ?? ''}${t.slice(1)}` : t;
  }
  return out;
}

// ---- life dates -----------------------------------------------------------------------------------------

/** A date between 24 February 2022 and the end of 2025, ISO. */
function warDate(rand: () => number): string {
  const start = Date.UTC(2022, 1, 24);
  const end = Date.UTC(2025, 11, 31);
  const d = new Date(start + Math.floor(rand() * ((end - start) / 86400000)) * 86400000);
  return d.toISOString().slice(0, 10);
}

function lifeDates(birth: string, female: boolean, rand: () => number): string {
  const other = warDate(rand);
  const b = dottedDate(birth);
  const o = dottedDate(other);
  const r = rand();
  if (r < 0.2) return o;
  if (r < 0.35) return `${birth.slice(0, 4)}–${other.slice(0, 4)}`;
  if (r < 0.5) return `${b} – ${o}`;
  if (r < 0.6) return `${b} - ${o}`;
  if (r < 0.7) return `${b} † ${o}`;
  if (r < 0.78) return `* ${b} † ${o}`;
  if (r < 0.9)
    return `${b} (${pickOne(['заг.', female ? 'загинула' : 'загинув', 'пом.', 'ум.'], rand)} ${o})`;
  return `${b}, ${pickOne(['полон', 'в полоні з', female ? 'зникла' : 'зник', 'died'], rand)} ${o}`;
}

// ---- namesake index -------------------------------------------------------------------------------------

function namesake(family: string, cyr: boolean, rand: () => number): string {
  const n = rand() < 0.55 ? 2 : rand() < 0.7 ? 1 : 3;
  const roman = ['I', 'II', 'III'][n - 1] as string;
  const forms = cyr
    ? [` ${n}-й`, ` ${n}-й`, `-${n}`, ` (${roman})`, ` ${roman}`, `_${n}`, ` #${n}`, ` ${n}`]
    : [` ${['1st', '2nd', '3rd'][n - 1] as string}`, `-${n}`, ` (${roman})`, ` ${roman}`, `_${n}`, ` #${n}`];
  return `${family}${pickOne(forms, rand)}`;
}

// ---- contracted patronymic ------------------------------------------------------------------------------

const PATRONYMIC_SUFFIX =
  /(?:ович|евич|євич|йович|ївна|івна|овна|евна|ovych|ovich|evych|evich|ivna|ovna|evna|yivna)$/iu;

/** "Олександрович" → "Олекс-дрович", "Ол-дрович", "Олекс-вич": the start, a hyphen, the end with its suffix. */
function contracted(patronymic: string, rand: () => number): string {
  const m = PATRONYMIC_SUFFIX.exec(patronymic);
  if (m === null) return patronymic;
  const stem = patronymic.slice(0, m.index);
  if (stem.length < 5) return patronymic;
  const keepStart = 2 + Math.floor(rand() * Math.min(4, stem.length - 3));
  const r = rand();
  // The stem's last letters kept before the suffix: none ("Олекс-вич" keeps only "вич" of a man's), one to three.
  const keepEnd = r < 0.15 ? -1 : Math.min(stem.length - keepStart - 1, 1 + Math.floor(rand() * 3));
  if (keepEnd === -1) {
    const tail = m[0].slice(m[0].length - 3);
    return `${stem.slice(0, keepStart)}-${tail}`;
  }
  return `${stem.slice(0, keepStart)}-${stem.slice(stem.length - keepEnd)}${m[0]}`;
}

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout15Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout15Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout15Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout15Class,
  rand: () => number,
): Holdout15Names {
  const clean = (): Holdout15Names => ({ ...base, birth, applied: 'clean' });
  const female = row.sex === 'female';
  const cyr = CYRILLIC.test(`${base.family}${base.given}${base.patronymic}`);
  switch (cls) {
    case 'dictation': {
      // The clerk writes Cyrillic: the rendering's own, or (for a Latin one) the Russian forms as heard.
      const src: Rendered = cyr
        ? base
        : {
            family: p.familyRu,
            given: p.givenRu,
            patronymic: base.patronymic === '' ? '' : p.patronymicRu,
          };
      const family = byEar(src.family, rand);
      const given = rand() < 0.4 ? byEar(src.given, rand) : src.given;
      if (family === src.family && given === src.given) return clean();
      return { ...src, family, given, birth, applied: cls };
    }
    case 'spelling_tr': {
      const ru = rand() < 0.3;
      const forms = ru
        ? { family: p.familyRu, given: p.givenRu, patronymic: p.patronymicRu }
        : { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk };
      return {
        family: turkish(forms.family, ru),
        given: turkish(forms.given, ru),
        patronymic: base.patronymic === '' ? '' : turkish(forms.patronymic, ru),
        birth,
        applied: cls,
      };
    }
    case 'life_dates': {
      if (birth === '') return clean();
      return { ...base, birth: lifeDates(birth, female, rand), applied: cls };
    }
    case 'namesake_index':
      return { ...base, family: namesake(base.family, cyr, rand), birth, applied: cls };
    case 'patronymic_contracted': {
      const c = contracted(base.patronymic, rand);
      if (c === base.patronymic) return clean();
      return { ...base, patronymic: c, birth, applied: cls };
    }
    case 'surname_given_cell': {
      if (base.patronymic === '' || base.given === '') return clean();
      const family = `${base.family}${rand() < 0.8 ? ' ' : ', '}${base.given}`;
      if (rand() < 0.75) return { family, given: base.patronymic, patronymic: '', birth, applied: cls };
      return { family, given: '', patronymic: base.patronymic, birth, applied: cls };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Fifteenth hold-out search queries (NOISE=holdout15 in eval:search): a target drawn uniformly, its names written
 * by one of the name classes a search box meets (dictation, spelling_tr, namesake_index, patronymic_contracted, as
 * a name copied from a clerk's list, a Turkish list or a unit's list; not life_dates, a search's birth is its own
 * ISO field, nor surname_given_cell, a form's columns), the patronymic dropped in 40%, birth as in NOISE_RATES.
 * Labels: `holdout15:<class>`, `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout15Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout15', prefix: 'h15', seed: (s: number) => s * 97 + 67 };
  const nameClasses: readonly Holdout15Class[] = [
    'dictation',
    'spelling_tr',
    'namesake_index',
    'patronymic_contracted',
  ];
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT15_CLASSES, rand());
    if (!nameClasses.includes(cls)) cls = pickOne(nameClasses, rand);
    const base = renderNames(names, style, rand);
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout15Names(names, row, base, birth.birth, cls, rand);
    if (written.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic) written.patronymic = '';
    return {
      q: eitherOrder(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '',
    };
  });
}
