/**
 * The ninth hold-out noise model (issue #11, `--noise holdout9` in simulate:link, NOISE=holdout9 in eval:search),
 * for the realistic population and the mixed one (`--profile mixed`): ways real lists write a name or a birth date
 * that none of the eight earlier models (bench/holdout.ts … holdout8.ts) writes. Written from how such lists look
 * (a clerk who is not sure which form the person uses and writes both, a relative abroad who writes the name as
 * the family's new country says it, a web form's JSON export, a Hungarian or East Asian year-first date, an
 * international form's "father's name" box, a post that hides the surname), not from the code; a fix must be
 * right for the kind of input, not for this generator. Its tables are its own.
 *
 * What the earlier models already write and this one does not repeat: the Russian form instead of the Ukrainian
 * one (holdout `ru_given`, holdout3 `russified`), a second given name ("Анна-Марія": holdout3 `double_given`),
 * notes in brackets beside a name (holdout7 `cell_note`), nicknames (holdout4 `nickname`), English media
 * spellings of the Ukrainian forms ("Serhiy", "Yuriy": holdout `spelling_en`), a spreadsheet's date-time
 * ("1991-03-12 00:00:00": holdout4 `excel_datetime`), US dates and Excel serials (holdout3), "19910312"
 * (holdout7 `date_compact`), the given name and patronymic as initials (holdout `initials`, holdout6), the
 * given name cut short (holdout5 `given_contracted`), the patronymic cut short (holdout4 `patronymic_short`).
 *
 * Each record or query carries one class (HOLDOUT9_CLASSES) on top of the usual background. Deterministic: all
 * randomness comes from the caller's seeded generator. Generated people only.
 */
import { GIVEN_NAME_CLASS_BY_ID, romanizeRussian, romanizeUkrainian, skeleton } from '@homecoming/names';
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
  ukToRuLetters,
} from './search/variants.js';

/** The classes and their shares. */
export const HOLDOUT9_CLASSES = {
  /**
   * Both the Ukrainian and the Russian form of the given name (or of the surname, where they differ) in one
   * cell, as a clerk writes who does not know which the person's papers use, or copies both from two documents:
   * "Олександр (Александр)", "Александр/Олександр", "Олександр / Александр", "Ковальов (Ковалев)"; in Latin the
   * two romanizations ("Oleksandr (Aleksandr)").
   */
  both_forms: 0.2,
  /**
   * The given name as the language of a relative abroad says it, the rest romanized: "Andrew Kovalenko",
   * "John", "George", "Michael", "Stephen", "Helen", "Catherine", "Mary" (English), "Andreas", "Johann",
   * "Katharina" (German); a diaspora's or a foreign body's request. Clean for a given name with no equivalent.
   */
  given_translated: 0.15,
  /**
   * A full birth date as a web form's or a database's JSON export writes it: ISO 8601 with a time
   * ("1991-03-12T00:00:00", "1991-03-12T00:00:00.000Z", "1991-03-12T00:00:00+03:00"), and midnight in Kyiv
   * exported as UTC, which is the evening of the day before ("1991-03-11T21:00:00.000Z", "…T22:00:00Z").
   * Clean for a partial date.
   */
  iso_timestamp: 0.15,
  /**
   * A full birth date year first with dots or slashes, as Hungarian papers (Zakarpattia), East Asian forms and
   * some databases write it: "1991.03.12", "1991.03.12.", "1991. 03. 12.", "1991/03/12", "1991.3.12". Clean for
   * a partial date.
   */
  date_ymd: 0.15,
  /**
   * The father's given name where the patronymic goes, as international forms ask for ("Father's name") and as
   * a relative fills them: "Петро", "Пётр", "Petro", "Petr"; or the relation written out ("син Петра", "сын
   * Петра", "s/o Petro"). Clean when the row has no patronymic.
   */
  father_name: 0.2,
  /**
   * The surname hidden as a post or a published list hides it, the given name and patronymic in full: an
   * initial ("К."), an initial and stars ("К***", "К*******"), or its first letters and stars ("Ков***").
   */
  family_hidden: 0.15,
} as const;
export type Holdout9Class = keyof typeof HOLDOUT9_CLASSES;

const CYRILLIC = /[\u0400-\u04ff]/u;

// ---- both forms in one cell -----------------------------------------------------------------------------

/** `a` and `b` written in one cell, one of the ways clerks do. */
function bothInOneCell(a: string, b: string, rand: () => number): string {
  return pickOne([`${a} (${b})`, `${a}/${b}`, `${a} / ${b}`, `${a} (${b})`, `${a}, ${b}`], rand);
}

// ---- the given name in a foreign language ---------------------------------------------------------------

/** English (and a few German) equivalents of given-name classes, by class id: the ones diaspora letters use. */
const TRANSLATED: Readonly<Record<string, readonly string[]>> = {
  andrii: ['Andrew', 'Andreas'],
  ivan: ['John', 'Johann', 'Johannes'],
  yurii: ['George', 'Georg'],
  heorhii: ['George', 'Georg'],
  mykhailo: ['Michael'],
  stepan: ['Stephen', 'Steven', 'Stefan'],
  petro: ['Peter'],
  pavlo: ['Paul'],
  mykola: ['Nicholas', 'Nicolas', 'Nikolaus'],
  vasyl: ['Basil'],
  yosyp: ['Joseph', 'Josef'],
  yakiv: ['Jacob', 'Jakob'],
  fedir: ['Theodore', 'Fedor'],
  hryhorii: ['Gregory', 'Gregor'],
  oleksandr: ['Alexander'],
  oleksii: ['Alexis'],
  matvii: ['Matthew'],
  tymofii: ['Timothy'],
  kostiantyn: ['Constantine', 'Konstantin'],
  illia: ['Elijah', 'Elias'],
  danylo: ['Daniel'],
  maksym: ['Maximilian', 'Max'],
  olena: ['Helen', 'Helena'],
  kateryna: ['Catherine', 'Katherine', 'Katharina'],
  mariia: ['Mary', 'Marie'],
  hanna: ['Anne', 'Ann'],
  yuliia: ['Julia', 'Julie'],
  nataliia: ['Natalie'],
  iryna: ['Irene'],
  sofiia: ['Sophie', 'Sophia'],
  khrystyna: ['Christine', 'Christina'],
  yelyzaveta: ['Elizabeth', 'Elisabeth'],
  anastasiia: ['Anastasia'],
  olha: ['Olga', 'Helga'],
  tetiana: ['Tatiana'],
  viktoriia: ['Victoria'],
  valentyna: ['Valentina'],
};

// ---- ISO timestamps and year-first dates ----------------------------------------------------------------

/** The day before ISO date `d` (YYYY-MM-DD). */
function dayBefore(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

export function isoTimestamp(birth: string, rand: () => number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birth)) return birth;
  const r = rand();
  if (r < 0.35) {
    // Midnight in Kyiv (UTC+2, UTC+3 in summer) written as UTC: the evening before.
    const summer = birth.slice(5, 7) >= '04' && birth.slice(5, 7) <= '09';
    return `${dayBefore(birth)}T${summer ? '21' : '22'}:00:00${pickOne(['.000Z', 'Z'], rand)}`;
  }
  return `${birth}T00:00:00${pickOne(['', '.000Z', 'Z', '+03:00', '+02:00', '.000'], rand)}`;
}

export function yearFirst(birth: string, rand: () => number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  if (m === null) return birth;
  const [y, mo, d] = [m[1] as string, m[2] as string, m[3] as string];
  return pickOne(
    [
      `${y}.${mo}.${d}`,
      `${y}.${mo}.${d}.`,
      `${y}. ${mo}. ${d}.`,
      `${y}/${mo}/${d}`,
      `${y}.${Number(mo)}.${Number(d)}`,
      `${y}/${Number(mo)}/${Number(d)}`,
    ],
    rand,
  );
}

// ---- the father's name ----------------------------------------------------------------------------------

/** The genitive of a Ukrainian or Russian male given name, for "син Петра" (a plain rule, enough for a list). */
function genitive(name: string): string {
  if (/[ій]$/u.test(name)) return `${name.slice(0, -1)}я`;
  if (/ь$/u.test(name)) return `${name.slice(0, -1)}я`;
  if (/о$/u.test(name)) return `${name.slice(0, -1)}а`;
  if (/а$/u.test(name)) return `${name.slice(0, -1)}и`;
  if (/я$/u.test(name)) return `${name.slice(0, -1)}і`;
  return `${name}а`;
}

function fatherWritten(p: PersonNames, base: Rendered, rand: () => number): string | null {
  const cls = GIVEN_NAME_CLASS_BY_ID.get(p.fatherKey);
  if (cls === undefined) return null;
  const latin = !CYRILLIC.test(base.patronymic === '' ? base.family : base.patronymic);
  const ruLike = /[ыэъё]/u.test(`${base.family}${base.given}${base.patronymic}`) || base.given === p.givenRu;
  const uk = cls.uk[0] ?? '';
  const ru = cls.ru[0] ?? uk;
  if (latin) {
    const name = rand() < 0.6 ? romanizeUkrainian(uk) : romanizeRussian(ru, 'icao');
    return rand() < 0.8 ? name : `s/o ${name}`;
  }
  const name = ruLike ? ru : uk;
  if (rand() < 0.8) return name;
  const female = /[ая]$/u.test(base.given) || /на$/u.test(base.patronymic);
  const word = ruLike ? (female ? 'дочь' : 'сын') : female ? 'дочка' : 'син';
  return `${word} ${genitive(name)}`;
}

// ---- the surname hidden ---------------------------------------------------------------------------------

function hidden(family: string, rand: () => number): string {
  const letters = [...family];
  const first = letters[0] ?? '';
  const r = rand();
  if (r < 0.35) return `${first}.`;
  if (r < 0.6) return `${first}***`;
  if (r < 0.8) return `${first}${'*'.repeat(Math.max(1, letters.length - 1))}`;
  return `${letters.slice(0, 3).join('')}***`;
}

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout9Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout9Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout9Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout9Class,
  rand: () => number,
): Holdout9Names {
  const clean = (): Holdout9Names => ({ ...base, birth, applied: 'clean' });
  switch (cls) {
    case 'both_forms': {
      const latin = !CYRILLIC.test(base.family);
      const uk = latin
        ? { family: romanizeUkrainian(p.familyUk), given: romanizeUkrainian(p.givenUk) }
        : { family: p.familyUk, given: p.givenUk };
      const ru = latin
        ? { family: romanizeRussian(p.familyRu, 'icao'), given: romanizeRussian(p.givenRu, 'icao') }
        : { family: p.familyRu, given: p.givenRu };
      // Two forms a clerk would tell apart: a given name of a known class, a surname whose forms differ in more
      // than a letter-by-letter respelling of one word (Ковальов / Ковалев, Haidko / Gaidko, not Yarema / Iarema).
      const differ = (a: string, b: string): boolean => a !== '' && skeleton(a) !== skeleton(b);
      const givenTwo = p.givenClass !== undefined && differ(uk.given, ru.given);
      // A surname the tables do not know has no Russian form but a letter-by-letter respelling ("Моргык"): none.
      const familyTwo = differ(uk.family, ru.family) && p.familyRu !== ukToRuLetters(p.familyUk);
      if (!givenTwo && !familyTwo) return clean();
      const field: 'family' | 'given' = familyTwo && (!givenTwo || rand() < 0.2) ? 'family' : 'given';
      const [a, b] = rand() < 0.7 ? [uk[field], ru[field]] : [ru[field], uk[field]];
      return { ...base, [field]: bothInOneCell(a, b, rand), birth, applied: cls };
    }
    case 'given_translated': {
      const forms = TRANSLATED[p.givenKey];
      if (forms === undefined) return clean();
      const given = pickOne(forms, rand);
      const latin = !CYRILLIC.test(base.family);
      const family = latin ? base.family : romanizeUkrainian(p.familyUk);
      const patronymic = latin ? base.patronymic : rand() < 0.5 ? '' : romanizeUkrainian(p.patronymicUk);
      return { family, given, patronymic, birth, applied: cls };
    }
    case 'iso_timestamp': {
      const b = isoTimestamp(birth, rand);
      return b === birth ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'date_ymd': {
      const b = yearFirst(birth, rand);
      return b === birth ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'father_name': {
      if (base.patronymic === '') return clean();
      const f = fatherWritten(p, base, rand);
      return f === null ? clean() : { ...base, patronymic: f, birth, applied: cls };
    }
    case 'family_hidden': {
      if (base.given === '' || base.family === '') return clean();
      return { ...base, family: hidden(base.family, rand), birth, applied: cls };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Ninth hold-out search queries (NOISE=holdout9 in eval:search): a target drawn uniformly, its names written by
 * one of the name classes a search box meets (both_forms, given_translated, father_name; not the date ones, a
 * search's birth is its own ISO field, nor a hidden surname, which no one searches by), the patronymic dropped in
 * 40% (not for father_name), birth as in NOISE_RATES. Labels: `holdout9:<class>`, `script:<style>`,
 * `birth:<noise>`.
 */
export function generateHoldout9Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout9', prefix: 'h9', seed: (s: number) => s * 67 + 37 };
  const nameClasses: readonly Holdout9Class[] = ['both_forms', 'given_translated', 'father_name'];
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT9_CLASSES, rand());
    if (!nameClasses.includes(cls)) cls = pickOne(nameClasses, rand);
    const base = renderNames(names, style, rand);
    if (cls !== 'father_name' && base.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic)
      base.patronymic = '';
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout9Names(names, row, base, birth.birth, cls, rand);
    return {
      q: eitherOrder(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '',
    };
  });
}
