/**
 * Lookup of given names and patronymics in any script or spelling (reference/names.md §6). The indexes are
 * built once, at module load, from GIVEN_NAME_CLASSES: every Ukrainian, Russian and Latin form, the
 * diminutives, and the romanizations of the Cyrillic forms, keyed by `skeleton()`. Pure and fast: a lookup
 * is one `skeleton()` call and a few map reads.
 */
import {
  GIVEN_NAME_BELARUSIAN_FORMS,
  GIVEN_NAME_CHURCH_FORMS,
  GIVEN_NAME_CLASSES,
  GIVEN_NAME_EQUIVALENTS,
  LONG_TAIL_CLASS_IDS,
  type GivenNameClass,
} from './data/givenNames.js';
import { heardSkeleton, skeleton } from './fold.js';
import { patronymicOf, russianPatronymic, ukrainianPatronymic } from './patronymic.js';
import { romanizeRussian, romanizeUkrainian } from './romanize.js';
import { repairMixedScript } from './script.js';
import { memoize } from './memo.js';

/** Longest token the lookups read (no name is longer; keeps the work bounded on hostile input). */
const MAX_TOKEN = 64;

type Index = Map<string, Set<GivenNameClass>>;

function add(index: Index, key: string, c: GivenNameClass): void {
  if (key === '') return;
  let set = index.get(key);
  if (set === undefined) index.set(key, (set = new Set()));
  set.add(c);
}

/** The exact written form of a token for the exact-match tie-break: NFC, lower case, look-alikes repaired. */
function exactForm(token: string): string {
  return repairMixedScript(token.slice(0, MAX_TOKEN)).trim().toLowerCase();
}

/** Every spelling of a Cyrillic form that documents use: itself, KMU 2010, ICAO and BGN/PCGN. */
function renderings(form: string, lang: 'uk' | 'ru'): string[] {
  return lang === 'uk'
    ? [form, romanizeUkrainian(form), romanizeRussian(form, 'icao')]
    : [form, romanizeRussian(form, 'icao'), romanizeRussian(form, 'bgn'), romanizeUkrainian(form)];
}

const GIVEN_BY_SKELETON: Index = new Map();
const GIVEN_BY_FORM: Index = new Map();
const MALE_BY_SKELETON: Index = new Map();
/** Every form's `heardSkeleton`: what a name of the class may be written as, taken down by ear. */
const GIVEN_BY_HEARD: Index = new Map();

for (const c of GIVEN_NAME_CLASSES) {
  const forms: string[] = [];
  for (const f of c.uk) forms.push(...renderings(f, 'uk'));
  for (const f of c.ru) forms.push(...renderings(f, 'ru'));
  forms.push(...c.latin);
  for (const d of c.diminutives ?? []) forms.push(...renderings(d, 'uk'), ...renderings(d, 'ru'));
  for (const f of forms) {
    add(GIVEN_BY_SKELETON, skeleton(f), c);
    add(GIVEN_BY_FORM, exactForm(f), c);
    add(GIVEN_BY_HEARD, heardSkeleton(skeleton(f)), c);
    if (c.sex === 'male') add(MALE_BY_SKELETON, skeleton(f), c);
  }
}

/** The one class in a set, or null when the set is empty or holds several. */
function single(set: Set<GivenNameClass> | undefined): GivenNameClass | null {
  if (set === undefined || set.size !== 1) return null;
  const [only] = set;
  return only ?? null;
}

/**
 * The given-name equivalence class of a token in any script or spelling (Микола, Николай, Mykola, Nikolai,
 * Mikołaj, Коля → mykola), or null. A skeleton shared by two classes is resolved by the exact written form
 * when only one class lists it, else null (Саша is Олександр and Олександра).
 */
export const givenNameClassOf: (token: string) => GivenNameClass | null = memoize(givenNameClassOfUncached);

function givenNameClassOfUncached(token: string): GivenNameClass | null {
  const key = skeleton(token.slice(0, MAX_TOKEN));
  if (key === '' || key.includes(' ')) return null;
  const bySkeleton = GIVEN_BY_SKELETON.get(key);
  if (bySkeleton === undefined) return null;
  if (bySkeleton.size === 1) return single(bySkeleton);
  const exact = single(GIVEN_BY_FORM.get(exactForm(token)));
  return exact !== null && bySkeleton.has(exact) ? exact : null;
}

/**
 * Every class a given-name skeleton may belong to (empty when none): Саша, Sasha → oleksandr and
 * oleksandra; Женя → yevhen and yevheniia. For comparing a diminutive that `givenNameClassOf` cannot
 * settle with a name whose class is known: the key of a record whose given name has no single class is
 * 'x:' + this skeleton.
 */
export function givenClassIdsOfSkeleton(skel: string): readonly string[] {
  const set = GIVEN_BY_SKELETON.get(skel.slice(0, MAX_TOKEN));
  return set === undefined ? [] : [...set].map((c) => c.id);
}

/**
 * The class an unknown given name is heard as (Оликсандр, Микала, Дметро: a name taken down by ear, an
 * unstressed inner vowel written as heard): its `heardSkeleton` is the heard form of one class's spellings
 * and of no other class's, and that class is of `sex` when a sex is given. Null for a name some class knows
 * as written (Саша too, of two classes: a diminutive, not a slip of the ear), for a name several classes
 * may be heard from, and for one of the other sex. For comparing (linkage reads it as `same_class`), never
 * for a key: a blocking key read so would need a new keys version.
 */
export function givenClassHeardAs(name: string, sex?: 'male' | 'female' | null): GivenNameClass | null {
  const cls = heardClassOf(name);
  return cls === null || (sex != null && cls.sex !== sex) ? null : cls;
}

const heardClassOf = memoize((name: string): GivenNameClass | null => {
  const key = skeleton(name.slice(0, MAX_TOKEN));
  if (key === '' || key.includes(' ') || GIVEN_BY_SKELETON.has(key)) return null;
  return single(GIVEN_BY_HEARD.get(heardSkeleton(key)));
});

// --- other languages' forms ---

/** Belarusian Cyrillic in a Belarusian passport's Latin (е as e, я as ia, ў as u: Аляксей, Aliaksei). */
const BELARUSIAN_LATIN: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', ё: 'io', ж: 'zh', з: 'z', і: 'i', й: 'i', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ў: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia', "'": '', '’': '', ʼ: '',
}; // prettier-ignore

/**
 * The Latin a Belarusian passport or a foreign office writes a Belarusian form in: the instruction's letters, and
 * the variants documents show (е after a consonant as ie, a word-final -ыі as -y, я / ю / е at the start as ya,
 * yu, ye, a doubled consonant once: Дзмітрый → Dzmitryi, Dzmitry; Яўген → Iauhen, Yauhen; Таццяна → Tatsiana).
 */
function belarusianLatin(form: string): string[] {
  const base = [...form.toLowerCase()].map((ch) => BELARUSIAN_LATIN[ch] ?? ch).join('');
  const ie = [...form.toLowerCase()]
    .map((ch, i) =>
      ch === 'е' && i > 0 && !'аеёіоуыэюяў'.includes(form[i - 1] ?? 'а')
        ? 'ie'
        : (BELARUSIAN_LATIN[ch] ?? ch),
    )
    .join('');
  const out = new Set([base, ie]);
  for (const w of [...out]) {
    if (w.endsWith('yi')) out.add(w.slice(0, -1));
    if (/^i[aue]/u.test(w)) out.add(`y${w.slice(1)}`);
    // A doubled consonant written once (Таццяна: Tatsiana, Наталля: Natalia).
    out.add(w.replace(/(ts|zh|sh|ch|kh|[bcdfghklmnprstvz])\1/gu, '$1'));
  }
  return [...out];
}

const EQUIVALENT_BY_FORM: Index = new Map();
for (const c of GIVEN_NAME_CLASSES)
  for (const f of [...(GIVEN_NAME_EQUIVALENTS[c.id] ?? []), ...(GIVEN_NAME_CHURCH_FORMS[c.id] ?? [])])
    add(EQUIVALENT_BY_FORM, exactForm(f), c);
// A Belarusian form (Аляксандр, Сяргей, Вольга) and its passport Latin (Aliaksandr, Siarhei, Volha), by its exact
// written form, as another language's form of the name.
for (const c of GIVEN_NAME_CLASSES)
  for (const f of GIVEN_NAME_BELARUSIAN_FORMS[c.id]?.forms ?? [])
    for (const w of [f, ...belarusianLatin(f)]) add(EQUIVALENT_BY_FORM, exactForm(w), c);

/**
 * The class of a given name written as another language says it (Andrew, Johann, Katarzyna:
 * GIVEN_NAME_EQUIVALENTS) or in its church form (Іоанн, Симеон: GIVEN_NAME_CHURCH_FORMS), by its exact written
 * form (any case), or null — also for a form two classes share (George). Exact, not by skeleton: Andrew's
 * skeleton is the surname Андреев's, which must stay a surname, so this is for a word known to be in the
 * given-name field, never for telling which word is the given name.
 */
export const equivalentClassOf = memoize((token: string): GivenNameClass | null =>
  single(EQUIVALENT_BY_FORM.get(exactForm(token))),
);

// --- patronymics ---

const PATRONYMIC_BY_SKELETON: Index = new Map();

for (const c of GIVEN_NAME_CLASSES) {
  if (c.sex !== 'male') continue;
  for (const sex of ['male', 'female'] as const) {
    const uk = [patronymicOf(c, sex, 'uk'), ...c.uk.slice(1).map((n) => ukrainianPatronymic(n, sex))];
    const ru = [patronymicOf(c, sex, 'ru'), ...c.ru.slice(1).map((n) => russianPatronymic(n, sex))];
    for (const f of uk) for (const r of renderings(f, 'uk')) add(PATRONYMIC_BY_SKELETON, skeleton(r), c);
    for (const f of ru) for (const r of renderings(f, 'ru')) add(PATRONYMIC_BY_SKELETON, skeleton(r), c);
  }
}

/**
 * Patronymics of a father's church (baptismal) name, as a parish's register or an old civil register's extract
 * writes them (Іоаннович, Стефанович, Симеонович, Димитрійович / Димитриевич, Матфеевич): the church forms'
 * Ukrainian and Russian patronymics and their romanizations, by skeleton, as every class's own. Only the Cyrillic
 * church forms, a surname-like Latin one (Simeon) read as itself.
 */
const CYRILLIC_FORM = /^[\p{Script=Cyrillic}]+$/u;
for (const c of GIVEN_NAME_CLASSES) {
  if (c.sex !== 'male') continue;
  for (const f of (GIVEN_NAME_CHURCH_FORMS[c.id] ?? []).filter((x) => CYRILLIC_FORM.test(x)))
    for (const sex of ['male', 'female'] as const) {
      for (const r of renderings(ukrainianPatronymic(f, sex), 'uk'))
        add(PATRONYMIC_BY_SKELETON, skeleton(r), c);
      for (const r of renderings(russianPatronymic(f, sex), 'ru'))
        add(PATRONYMIC_BY_SKELETON, skeleton(r), c);
    }
}

/**
 * Belarusian patronymics (Аляксандравіч, Сяргеевіч, Пятровіч, Іванаўна, Мікалаеўна) of the Belarusian forms, and
 * their passport Latin (Aliaksandravich, Siarheevich): -авіч / -аўна after a consonant (-овіч / -оўна where the
 * ending is stressed), -евіч / -еўна after й or ь (Сяргей, Васіль), -ыевіч and -’евіч after -ый (Дзмітрый, Юрый),
 * a ў before the ending a в (Яраслававіч); a class's `patronymicStems` where the stem is not the name's (Пятр-,
 * Паўл-). Added where no other class's patronymic has the skeleton.
 */
function belarusianPatronymics(form: string): string[] {
  const out: string[] = [];
  const hard = (stem: string): void => {
    out.push(`${stem}авіч`, `${stem}аўна`, `${stem}овіч`, `${stem}оўна`);
  };
  const soft = (stem: string): void => {
    out.push(`${stem}евіч`, `${stem}еўна`);
  };
  if (form.endsWith('ый')) {
    soft(`${form.slice(0, -2)}ы`);
    soft(`${form.slice(0, -2)}’`);
  } else if (form.endsWith('й')) soft(form.slice(0, -1));
  else if (form.endsWith('ь')) soft(form);
  else if (/[ая]$/u.test(form)) out.push(`${form.slice(0, -1)}іч`, `${form.slice(0, -1)}ічна`);
  else if (form.endsWith('ў')) hard(`${form.slice(0, -1)}в`);
  else hard(form);
  return out;
}
for (const c of GIVEN_NAME_CLASSES) {
  if (c.sex !== 'male') continue;
  const by = GIVEN_NAME_BELARUSIAN_FORMS[c.id];
  // The Belarusian forms', and the Ukrainian forms' where Belarusian writes the name alike (Іван: Іванавіч).
  const stems = by?.patronymicStems ?? [];
  const patronymics = [
    ...[...(by?.forms ?? []), ...c.uk].flatMap(belarusianPatronymics),
    ...stems.flatMap((stem) => [`${stem}авіч`, `${stem}аўна`, `${stem}овіч`, `${stem}оўна`]),
  ];

  for (const f of patronymics)
    for (const w of [f, ...belarusianLatin(f)]) {
      const key = skeleton(w);
      const held = PATRONYMIC_BY_SKELETON.get(key);
      if (key === '' || key.includes(' ') || (held !== undefined && !held.has(c))) continue;
      add(PATRONYMIC_BY_SKELETON, key, c);
    }
}

/**
 * Spoken Russian patronymics a list writes as said, where the stem fallback below cannot find the father's name
 * (Михалыч for Михайлович, Палыч for Павлович; Николаич, Иваныч, Сергевна, Николавна it finds).
 */
const SPOKEN_PATRONYMICS: Readonly<Record<string, readonly string[]>> = {
  mykhailo: ['Михалыч', 'Михална'],
  pavlo: ['Палыч', 'Пална'],
};
for (const c of GIVEN_NAME_CLASSES)
  for (const f of SPOKEN_PATRONYMICS[c.id] ?? [])
    for (const r of renderings(f, 'ru')) add(PATRONYMIC_BY_SKELETON, skeleton(r), c);

/**
 * Patronymic endings on the skeleton, longest first, each with the endings the father's name may have had
 * before it (Петр-ович → petr, Павл-ович → pavlo, Микит-ович → mikita, Сергі-ївна → serhi, Юр-ьевич → iuri).
 * The skeleton already folds -ovych/-ovich/-owitsch, -evich/-yevich/-ievich, -ivna/-iivna, -ichna.
 */
const PATRONYMIC_SUFFIXES: readonly string[] = [
  'inichna',
  'ovich',
  'evich',
  'ovna',
  'evna',
  'ivna',
  'ichna',
  'ich',
  // A spoken Russian -евна after a name in -ай, its й and е gone (Никола-вна).
  'vna',
];
const FEMALE_SUFFIXES: readonly string[] = ['inichna', 'ovna', 'evna', 'ivna', 'ichna'];
const STEM_ENDINGS: readonly string[] = ['', 'a', 'o', 'i', 'ia'];

/** The stem fallback: strip a patronymic ending from the skeleton and look the stem up among male names. */
function classFromStem(key: string): GivenNameClass | null {
  for (const suffix of PATRONYMIC_SUFFIXES) {
    if (!key.endsWith(suffix)) continue;
    const stem = key.slice(0, -suffix.length);
    if (stem.length < 2) return null;
    for (const ending of STEM_ENDINGS) {
      const found = single(MALE_BY_SKELETON.get(stem + ending));
      if (found !== null) return found;
    }
    return null;
  }
  return null;
}

/**
 * The class of the father's given name from a patronymic in any script or spelling: Сергійович, Сергеевна,
 * Serhiiovych, Sergeyevna → serhii; Миколайович, Николаевич, Mykolaiovych → mykola; Ілліч, Ильич, Ilyich →
 * illia. Exact generated forms first, then the stem left after stripping a patronymic ending; else null.
 */
export const fatherClassOfPatronymic: (token: string) => GivenNameClass | null = memoize(
  fatherClassOfPatronymicUncached,
);

/**
 * A patronymic contracted in the middle with a hyphen, as a clerk writes it in a narrow column and Soviet and
 * Russian registers abbreviate it ("Олекс-дрович", "Ал-дровна", "Конст-нович", "Oleks-drovych"): letters of the
 * start, a hyphen, and the end with a patronymic's ending.
 */
const CONTRACTED_PATRONYMIC =
  /^(\p{L}{2,})-(\p{L}*(?:ович|евич|євич|ьович|йович|івна|ївна|овна|евна|ьевна|ovych|evych|ovich|evich|ivna|ovna|evna))$/iu;

/**
 * The one father's class whose patronymic (any generated form, PATRONYMIC_BY_SKELETON) begins as the contraction's
 * start and ends as its end, with letters left out between; null when none or two classes fit.
 */
function fatherClassOfContracted(token: string): GivenNameClass | null {
  const m = CONTRACTED_PATRONYMIC.exec(token);
  if (m === null) return null;
  const start = skeleton(m[1] as string);
  const end = skeleton(m[2] as string);
  if (start === '' || end === '' || start.includes(' ') || end.includes(' ')) return null;
  let found: GivenNameClass | null = null;
  for (const [key, classes] of PATRONYMIC_BY_SKELETON) {
    if (key.length <= start.length + end.length || !key.startsWith(start) || !key.endsWith(end)) continue;
    for (const c of classes) {
      if (found !== null && found.id !== c.id) return null;
      found = c;
    }
  }
  return found;
}

function fatherClassOfPatronymicUncached(token: string): GivenNameClass | null {
  if (token.length <= MAX_TOKEN && token.includes('-')) {
    const contracted = fatherClassOfContracted(token);
    if (contracted !== null) return contracted;
  }
  const key = skeleton(token.slice(0, MAX_TOKEN));
  if (key === '' || key.includes(' ')) return null;
  const exact = PATRONYMIC_BY_SKELETON.get(key);
  if (exact !== undefined) return single(exact);
  return classFromStem(key);
}

/** A word naming the relation before a father's name in the patronymic's place: "син Петра", "s/o Petro". */
const RELATION_WORD = /^(?:син|сын|донька|дочка|дочь|дочір|s\/o|d\/o|son\s+of|daughter\s+of)\s+/iu;

/** The nominatives a male given name in the genitive may have had (Петра: Петр, Петро; Андрія: Андрій; Миколи: Микола). */
function genitiveNominatives(word: string): string[] {
  const out = [word];
  if (/а$/iu.test(word)) out.push(word.slice(0, -1), `${word.slice(0, -1)}о`);
  if (/я$/iu.test(word)) out.push(`${word.slice(0, -1)}й`, `${word.slice(0, -1)}ь`, word.slice(0, -1));
  if (/[иі]$/iu.test(word)) out.push(`${word.slice(0, -1)}а`, `${word.slice(0, -1)}я`);
  return out;
}

/**
 * The class of the father's given name written where the patronymic goes, as international forms ask for it
 * ("Father's name") and relatives fill them: the name itself (Петро, Пётр, Petro), or the relation written out
 * with the name in the genitive ("син Петра", "сын Петра", "дочка Миколи", "s/o Petro"). A man's name only, one
 * word after the relation; null for anything else (a patronymic is `fatherClassOfPatronymic`'s).
 */
export const fatherClassOfFathersName: (text: string) => GivenNameClass | null = memoize((text) => {
  const trimmed = text.slice(0, MAX_TOKEN).trim();
  const rest = trimmed.replace(RELATION_WORD, '');
  if (rest === '' || /\s/u.test(rest)) return null;
  const forms = rest === trimmed ? [rest] : genitiveNominatives(rest);
  for (const f of forms) {
    const c = givenNameClassOf(f);
    if (c !== null) return c.sex === 'male' ? c : null;
  }
  return null;
});

/** Whether a skeleton has a patronymic ending that surnames rarely have (-ovna, -ivna, -evna, -ichna). */
function hasFemalePatronymicEnding(key: string): boolean {
  return FEMALE_SUFFIXES.some((s) => key.endsWith(s) && key.length >= s.length + 3);
}

/**
 * Whether a token ends like a patronymic (-ович/-евич/-ич, -івна/-овна/-евна/-ична and their romanizations)
 * after a stem of 3+ letters, whether or not the stem is a known name: "Vasievich" (a letter dropped from
 * Vasilievich) does, and so do surnames like Мицкевич. Evidence for `parseName` only where the word's place
 * says which it is.
 */
export const hasPatronymicEnding: (token: string) => boolean = memoize((token) => {
  const key = skeleton(token.slice(0, MAX_TOKEN));
  return !key.includes(' ') && PATRONYMIC_SUFFIXES.some((s) => key.endsWith(s) && key.length >= s.length + 3);
});

/**
 * Whether a token is a patronymic: it resolves to a father's name class, or it is a one-word token with a
 * female patronymic ending (-івна, -овна, -евна, -ична and their romanizations) after a stem of 3+ letters.
 * Male -ович/-евич with an unknown stem is not enough: it is a common surname ending (Мицкевич, Абрамович).
 */
export const isPatronymic: (token: string) => boolean = memoize(isPatronymicUncached);

function isPatronymicUncached(token: string): boolean {
  return fatherClassOfPatronymic(token) !== null || isFemalePatronymicWord(token);
}

/** A one-word token with a female patronymic ending after a stem of 3+ letters, whatever the father. */
function isFemalePatronymicWord(token: string): boolean {
  const key = skeleton(token.slice(0, MAX_TOKEN));
  return key !== '' && !key.includes(' ') && hasFemalePatronymicEnding(key);
}

/**
 * Whether a token is a given name of the seed classes (names.md §6), not of the long tail. The long tail's names are
 * surnames too, and often (Мирон, Остап, Нестор, Мартин, Клим, Марко), so `parseName` weighs a word's role on the
 * seed alone and reads the long tail's names by their place, as it did before the tables knew them; the keys then
 * read the class of the word the parse called the given name.
 */
export const isSeedGivenName: (token: string) => boolean = memoize((token) => {
  const c = givenNameClassOf(token);
  return c !== null && !LONG_TAIL_CLASS_IDS.has(c.id);
});

/**
 * `isPatronymic` on the seed classes alone: a patronymic whose father is a long-tail name (Адамович, Давидович,
 * Маркович, Миронович: surnames too) is one only by a woman's patronymic ending, as before the tables knew it.
 */
export const isSeedPatronymic: (token: string) => boolean = memoize((token) => {
  const c = fatherClassOfPatronymic(token);
  return (c !== null && !LONG_TAIL_CLASS_IDS.has(c.id)) || isFemalePatronymicWord(token);
});
