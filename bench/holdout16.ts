/**
 * The sixteenth hold-out noise model (issue #11, `--noise holdout16` in simulate:link, NOISE=holdout16 in
 * eval:search), for the realistic population and the mixed one (`--profile mixed`): ways real lists of prisoners of
 * war, detainees, missing persons and deported children write a row that none of the fifteen earlier models
 * (bench/holdout.ts … holdout15.ts) writes. Written from how such lists look (a Ukrainian clerk or newspaper copying
 * a Russian document's names letter by letter, a family's list that tells a father from his son by "ст." and "мол.",
 * a volunteer's list that says where the person is from or whom to call, a list whose birth column holds the day of
 * capture, a form with one letter for the given name and the patronymic in full), not from the code; a fix must be
 * right for the kind of input, not for this generator. Its tables are its own.
 *
 * What the earlier models already write and this one does not repeat: the Russian forms in Russian letters (holdout
 * `ru_given`, holdout3 `russified`), a Ukrainian spelling on a Russian keyboard (holdout8 `ru_keyboard`: "Андрий"),
 * a passport's Latin read back as Russian (holdout12 `back_translit`), a namesake's number or Roman numeral
 * (holdout15 `namesake_index`), a unit or a birth year beside the surname (holdout4 `cell_extra`), kin of the one
 * who asks or the person's state in brackets ("(брат)", "(в полоні)": holdout7 `cell_note`), a birth place beside
 * the birth date (holdout6 `date_annotated`), life dates or a bare capture date in the birth cell (holdout15
 * `life_dates`), the given name and the patronymic both as initials (holdout `initials`, holdout6 `initials_cell`),
 * the father's initial after the given name (holdout10 `given_initial`), the surname with initials run together
 * (holdout8 `joined_words`), a maiden name in brackets (holdout `maiden`).
 *
 * Each record or query carries one class (HOLDOUT16_CLASSES) on top of the usual background. Deterministic: all
 * randomness comes from the caller's seeded generator. Generated people only; the places are towns and regions.
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
export const HOLDOUT16_CLASSES = {
  /**
   * The Russian forms of the names written letter by letter in Ukrainian letters, as a Ukrainian clerk copies a
   * Russian document (a detention certificate, a Russian court's or hospital's paper) or a Ukrainian newspaper
   * quotes it: и as і, ы as и, е after a soft consonant as є, э as е, ё as ьо ("Сєргєй Ніколаєвіч", "Дмітрій",
   * "Алєксандр Пєтровіч"); or only и as і, the е kept ("Дмітрій Алексеевіч"). The given name and the
   * patronymic always, the surname when its Russian form differs. Clean for a Latin row.
   */
  ru_uk_letters: 0.17,
  /**
   * A generation mark after the surname or the given name, as a family's or a village's list tells a father from a
   * son of one name: "Коваленко ст.", "Коваленко мол.", "Коваленко (старший)", "Коваленко-молодший", Russian "ст."
   * / "мл.", Latin "Kovalenko Sr.", "Kovalenko Jr."; after the given name "Андрій ст.".
   */
  generation_mark: 0.16,
  /**
   * Where the person is from, in a name cell, as a volunteer's or a deported children's list writes it: after the
   * surname ("Коваленко (м. Маріуполь)", "Коваленко, с. Іванівка"), after the patronymic ("Петрович, м. Харків",
   * "Петрович (Херсонська обл.)"), the whole row in the surname's cell with the place at its end ("Коваленко
   * Андрій Петрович, м. Харків"); Latin "Kovalenko (Mariupol)".
   */
  place_in_name: 0.17,
  /**
   * What happened to the person, with its date, in the birth date's cell and no birth date, as a list whose
   * columns were filled by someone who did not know the birth date writes it: "взятий у полон 14.05.2022", "у
   * полоні з 05.2022", "з 2022 р.", "зник безвісти 03.2022", "пропал без вести 14.05.2022", "в плену с 2022 г.",
   * "затриманий 14.05.2022", "депортована 2022", "captured 14.05.2022", "missing since 05/2022". The birth date is
   * not known. Clean when the row has no birth date.
   */
  capture_in_birth: 0.17,
  /**
   * A relative's name in a name cell, as a volunteer's list or a hotline's sheet notes whom to call: "Коваленко
   * (мати Олена)", "Петрович, дружина Ірина Василівна", "Петрович (мать Елена)", "Kovalenko (mother Olena)". The
   * relative is another person: her names are not the person's.
   */
  kin_named: 0.16,
  /**
   * The given name as an initial and the patronymic in full, as a form with a narrow given-name box or a unit's
   * roll writes it: "Коваленко | А. | Петрович", "Kovalenko | A. | Petrovych". Clean when the row has no patronymic.
   */
  given_initial_only: 0.17,
} as const;
export type Holdout16Class = keyof typeof HOLDOUT16_CLASSES;

// ---- Russian forms in Ukrainian letters ----------------------------------------------------------------

const RU_VOWELS = 'аеёиоуыэюяй';
const HARD = 'жчшщц';

/**
 * A Russian word in Ukrainian letters: и → і, ы → и, э → е, ъ → ', and in `strict` е → є after a soft consonant or
 * a vowel or at the start, ё → ьо after a consonant (йо otherwise). The case of each letter kept.
 */
function ukLetters(word: string, strict: boolean): string {
  const lower = word.toLowerCase();
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i] as string;
    const l = lower[i] as string;
    const prev = i === 0 ? '' : (lower[i - 1] as string);
    let t: string;
    if (l === 'и') t = 'і';
    else if (l === 'ы') t = 'и';
    else if (l === 'э') t = 'е';
    else if (l === 'ъ') t = "'";
    else if (l === 'ё') t = prev === '' || RU_VOWELS.includes(prev) ? 'йо' : HARD.includes(prev) ? 'о' : 'ьо';
    else if (l === 'е' && strict && !HARD.includes(prev)) t = 'є';
    else t = l;
    out += ch !== l ? `${t.slice(0, 1).toUpperCase()}${t.slice(1)}` : t;
  }
  return out;
}

// ---- generation mark ------------------------------------------------------------------------------------

function generationMark(word: string, cyr: boolean, older: boolean, rand: () => number): string {
  if (!cyr)
    return `${word}${pickOne(older ? [' Sr.', ' Sr', ', Sr.', ' Senior'] : [' Jr.', ' Jr', ', Jr.', ' Junior'], rand)}`;
  const ru = rand() < 0.35;
  const forms = older
    ? [' ст.', ' ст.', ' (ст.)', ' (старший)', '-старший', ' старший', ' (старш.)']
    : ru
      ? [' мл.', ' мл.', ' (мл.)', ' (младший)', '-младший', ' младший']
      : [' мол.', ' мол.', ' (мол.)', ' (молодший)', '-молодший', ' молодший', ' мл.'];
  return `${word}${pickOne(forms, rand)}`;
}

// ---- place in a name cell -------------------------------------------------------------------------------

/** Towns and villages as lists write them (Cyrillic, Latin); regions in the genitive ("Харківської обл."). */
const TOWNS: readonly (readonly [string, string])[] = [
  ['Маріуполь', 'Mariupol'], ['Харків', 'Kharkiv'], ['Херсон', 'Kherson'], ['Мелітополь', 'Melitopol'],
  ['Бахмут', 'Bakhmut'], ['Ізюм', 'Izium'], ['Бердянськ', 'Berdiansk'], ['Нова Каховка', 'Nova Kakhovka'],
  ['Куп\'янськ', 'Kupiansk'], ['Енергодар', 'Enerhodar'], ['Сєвєродонецьк', 'Sievierodonetsk'],
  ['Волноваха', 'Volnovakha'], ['Буча', 'Bucha'], ['Чернігів', 'Chernihiv'], ['Гостомель', 'Hostomel'],
  ['Лисичанськ', 'Lysychansk'], ['Оріхів', 'Orikhiv'], ['Токмак', 'Tokmak'],
]; // prettier-ignore
const VILLAGES: readonly string[] = [
  'Іванівка', 'Петрівка', 'Михайлівка', 'Новоселівка', 'Олександрівка', 'Степове', 'Зелений Гай', 'Богданівка',
  'Вільшанка', 'Кам\'янка', 'Мирне', 'Широке',
]; // prettier-ignore
const REGIONS: readonly string[] = [
  'Харківська обл.', 'Херсонська обл.', 'Донецька обл.', 'Запорізька обл.', 'Луганська обл.', 'Київська обл.',
  'Чернігівська обл.', 'Сумська обл.',
]; // prettier-ignore
const REGIONS_GEN: readonly string[] = [
  'Харківської обл.',
  'Херсонської обл.',
  'Донецької обл.',
  'Запорізької обл.',
  'Луганської обл.',
];

function placeText(cyr: boolean, rand: () => number): string {
  const town = pickOne(TOWNS, rand);
  if (!cyr) return town[1];
  const r = rand();
  if (r < 0.45) return `м. ${town[0]}`;
  if (r < 0.6) return town[0];
  if (r < 0.8) return `с. ${pickOne(VILLAGES, rand)}${rand() < 0.5 ? ` ${pickOne(REGIONS_GEN, rand)}` : ''}`;
  return pickOne(REGIONS, rand);
}

function appendPlace(word: string, place: string, rand: () => number): string {
  const r = rand();
  if (r < 0.5) return `${word} (${place})`;
  if (r < 0.85) return `${word}, ${place}`;
  return `${word} - ${place}`;
}

// ---- capture in the birth cell --------------------------------------------------------------------------

/** A date between 24 February 2022 and the end of 2025, ISO. */
function warDate(rand: () => number): string {
  const start = Date.UTC(2022, 1, 24);
  const end = Date.UTC(2025, 11, 31);
  const d = new Date(start + Math.floor(rand() * ((end - start) / 86400000)) * 86400000);
  return d.toISOString().slice(0, 10);
}

function captureText(female: boolean, rand: () => number): string {
  const iso = warDate(rand);
  const r0 = rand();
  // The date as the clerk knows it: the day, the month or only the year.
  const when = r0 < 0.55 ? dottedDate(iso) : r0 < 0.8 ? dottedDate(iso.slice(0, 7)) : iso.slice(0, 4);
  const a = (m: string, f: string): string => (female ? f : m);
  const forms = [
    `${a('взятий', 'взята')} у полон ${when}`,
    `у полоні з ${when}`,
    `в полоні з ${when}`,
    `з ${when}${when.length === 4 ? ' р.' : ''}`,
    `${a('зник', 'зникла')} безвісти ${when}`,
    `${a('полонений', 'полонена')} ${when}`,
    `${a('затриманий', 'затримана')} ${when}`,
    `${a('депортований', 'депортована')} ${when}`,
    `${a('пропал', 'пропала')} без вести ${when}`,
    `в плену с ${when}${when.length === 4 ? ' г.' : ''}`,
    `${a('задержан', 'задержана')} ${when}`,
    `captured ${when}`,
    `missing since ${when.replace('.', '/')}`,
  ];
  return pickOne(forms, rand);
}

// ---- a relative named ----------------------------------------------------------------------------------

const KIN_UK: readonly (readonly [string, string])[] = [
  ['мати', 'Олена'], ['мати', 'Наталія Іванівна'], ['мати', 'Тетяна'], ['дружина', 'Ірина Василівна'],
  ['дружина', 'Оксана'], ['сестра', 'Світлана'], ['бабуся', 'Галина Петрівна'], ['мама', 'Людмила'],
  ['дочка', 'Марія'], ['дружина', 'Юлія'],
]; // prettier-ignore
const KIN_RU: readonly (readonly [string, string])[] = [
  ['мать', 'Елена'], ['мать', 'Наталья Ивановна'], ['жена', 'Ирина'], ['сестра', 'Светлана'],
  ['бабушка', 'Галина Петровна'], ['жена', 'Оксана Викторовна'],
]; // prettier-ignore
const KIN_EN: readonly (readonly [string, string])[] = [
  ['mother', 'Olena'], ['wife', 'Iryna'], ['sister', 'Svitlana'], ['mother', 'Nataliia'],
]; // prettier-ignore

/** "мати Олена" / "мати – Коваленко Олена" / "тел. матері"… a relative as a note; `family` her surname or ''. */
function kinText(cyr: boolean, ru: boolean, family: string, rand: () => number): string {
  const [who, name] = pickOne(cyr ? (ru ? KIN_RU : KIN_UK) : KIN_EN, rand);
  const withFamily = family !== '' && rand() < 0.35 ? `${family} ${name}` : name;
  return `${who}${rand() < 0.3 ? ' – ' : ' '}${withFamily}`;
}

/** A surname a woman of the family bears as it is (the forms with no feminine of their own). */
const INVARIANT_FAMILY = /(?:енко|ко|ук|юк|чук|ар|ач|ій|ець|ak|enko|uk|iuk|ar)$/iu;

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout16Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout16Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/** The first letter of a name with a dot ("А.", "A."), or without (a tenth of the time). */
function initialOf(name: string, rand: () => number): string {
  const first = [...name][0] ?? '';
  return rand() < 0.9 ? `${first.toUpperCase()}.` : first.toUpperCase();
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout16Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout16Class,
  rand: () => number,
): Holdout16Names {
  const clean = (): Holdout16Names => ({ ...base, birth, applied: 'clean' });
  const female = row.sex === 'female';
  const cyr = CYRILLIC.test(`${base.family}${base.given}${base.patronymic}`);
  switch (cls) {
    case 'ru_uk_letters': {
      if (!cyr) return clean();
      const strict = rand() < 0.65;
      const family = p.familyRu !== p.familyUk ? ukLetters(p.familyRu, strict) : base.family;
      const given = ukLetters(p.givenRu, strict);
      const patronymic = base.patronymic === '' ? '' : ukLetters(p.patronymicRu, strict);
      if (family === base.family && given === base.given && patronymic === base.patronymic) return clean();
      return { family, given, patronymic, birth, applied: cls };
    }
    case 'generation_mark': {
      const older = rand() < 0.5;
      if (rand() < 0.8 || base.given === '')
        return { ...base, family: generationMark(base.family, cyr, older, rand), birth, applied: cls };
      return { ...base, given: generationMark(base.given, cyr, older, rand), birth, applied: cls };
    }
    case 'place_in_name': {
      const place = placeText(cyr, rand);
      const r = rand();
      if (r < 0.45 || base.patronymic === '')
        return { ...base, family: appendPlace(base.family, place, rand), birth, applied: cls };
      if (r < 0.8)
        return { ...base, patronymic: appendPlace(base.patronymic, place, rand), birth, applied: cls };
      const whole = `${base.family} ${base.given} ${base.patronymic}`;
      return { family: `${whole}, ${place}`, given: '', patronymic: '', birth, applied: cls };
    }
    case 'capture_in_birth': {
      if (birth === '') return clean();
      return { ...base, birth: captureText(female, rand), applied: cls };
    }
    case 'kin_named': {
      const ru = cyr && base.given === p.givenRu && p.givenRu !== p.givenUk;
      const family = INVARIANT_FAMILY.test(base.family) ? base.family : '';
      const note = kinText(cyr, ru, family, rand);
      const enclose = rand() < 0.6 ? ` (${note})` : `, ${note}`;
      if (base.patronymic !== '' && rand() < 0.5)
        return { ...base, patronymic: `${base.patronymic}${enclose}`, birth, applied: cls };
      return { ...base, family: `${base.family}${enclose}`, birth, applied: cls };
    }
    case 'given_initial_only': {
      if (base.patronymic === '' || base.given === '') return clean();
      return { ...base, given: initialOf(base.given, rand), birth, applied: cls };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Sixteenth hold-out search queries (NOISE=holdout16 in eval:search): a target drawn uniformly, its names written
 * by one of the name classes a search box meets (ru_uk_letters, generation_mark, place_in_name, kin_named,
 * given_initial_only, as a name copied from a list; not capture_in_birth, a search's birth is its own ISO field),
 * the patronymic dropped in 40% (not for given_initial_only, which keeps it), birth as in NOISE_RATES. Labels:
 * `holdout16:<class>`, `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout16Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout16', prefix: 'h16', seed: (s: number) => s * 101 + 71 };
  const nameClasses: readonly Holdout16Class[] = [
    'ru_uk_letters',
    'generation_mark',
    'place_in_name',
    'kin_named',
    'given_initial_only',
  ];
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT16_CLASSES, rand());
    if (!nameClasses.includes(cls)) cls = pickOne(nameClasses, rand);
    const base = renderNames(names, style, rand);
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout16Names(names, row, base, birth.birth, cls, rand);
    if (
      written.patronymic !== '' &&
      written.applied !== 'given_initial_only' &&
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
