/**
 * Names written in the genitive or dative, as official letters write them ("заява щодо Шевченка Тараса
 * Григоровича", "Ковальської Анни", "в отношении Шевченко Тараса Григорьевича", "видати Шевченку Тарасу"),
 * read back to the nominative. A surname alone cannot say which case it is in (Кулика, Сорока, Гайда, Шевчука,
 * Зозуля are nominative surnames too), so a record is read as declined only from a patronymic in the genitive or
 * dative (no nominative patronymic ends like one) or a given name in such a form that is no nominative name
 * (Тараса, Анни; not Олександра, Яна); its other words are then undone by the sex and case that evidence gives.
 */
import { GIVEN_NAME_CLASS_BY_ID, GIVEN_NAME_CLASSES } from './data/givenNames.js';
import { skeleton } from './fold.js';
import { fatherClassOfPatronymic, givenClassIdsOfSkeleton, isPatronymic } from './givenNameIndex.js';
import { patronymicOf } from './patronymic.js';
import { romanizeRussian, romanizeUkrainian } from './romanize.js';

/**
 * The oblique cases offices write names in. The accusative is read for women only ("звільнити Шевчук Марію
 * Іванівну"): a man's accusative is his genitive (Петра Івановича), read as that. The instrumental ("разом з
 * Шевченком Іваном Петровичем") is read in both languages; the locative only as Russian writes it ("о Шевчуке
 * Иване Петровиче"): the Ukrainian locative (Шевченкові Іванові Петровичу) is the dative's forms, read as that.
 */
export type NameCase = 'genitive' | 'dative' | 'accusative' | 'instrumental' | 'locative' | 'vocative';
type Sex = 'male' | 'female';

/** The longest word read (no name is longer; keeps the work bounded on hostile input). */
const MAX_WORD = 64;

/** Lower case, ё as е: the form the tables are keyed by. */
const key = (w: string): string => w.toLowerCase().replace(/ё/gu, 'е');

const CONSONANT = 'бвгґджзклмнпрстфхцчшщ';
const VELAR_OR_HUSHING = /[гкхжчшщ]$/u;
const UK_LETTERS = /[іїєґ]/iu;
const RU_LETTERS = /[ыэъё]/iu;

// ---- given names: every known nominative declined, then looked up ---------------------------------------

interface GivenReading {
  nominative: string;
  sex: Sex;
  nameCase: NameCase;
  lang: 'uk' | 'ru';
}

/** Men's names in -р declined soft (Ігоря), lower case. */
const SOFT_IN_R: ReadonlySet<string> = new Set(['ігор', 'лазар']);

/** Men's names whose last syllable's і opens to о when declined (Федір → Федора), nominative → stem. */
const INNER_I_TO_O: ReadonlyMap<string, string> = new Map([
  ['федір', 'федор'],
  ['сидір', 'сидор'],
  ['яків', 'яков'],
  ['антін', 'антон'],
  ['прокіп', 'прокоп'],
  ['никифір', 'никифор'],
]);

/** The genitive and dative forms of a Ukrainian given name (lower case), and its vocative. */
function ukrainianGivenForms(n: string, sex: Sex): [string, NameCase][] {
  const forms = ukrainianObliqueForms(n, sex);
  // Федір → Федоре, and Федіре as some letters write it (as Федіра beside Федора).
  const open = INNER_I_TO_O.get(n);
  const vocatives = [ukrainianVocative(n, sex), open === undefined ? null : ukrainianVocative(open, sex)];
  for (const v of vocatives) if (v !== null && !forms.some(([f]) => f === v)) forms.push([v, 'vocative']);
  return forms;
}

/**
 * The Ukrainian vocative of a given name (lower case), as an appeal or a letter names the person it speaks to
 * (hold-out 17 `vocative`): Микола → Миколо, Олена → Олено, Петро → Петре, Іван → Іване, Олег → Олеже, Марія →
 * Маріє, Любов → Любове, Федір → Федоре; null where it is a form read already (Андрію, Василю: the dative's) or
 * none is formed. The surname of an appeal keeps its nominative (`undoSurnamePart`).
 */
function ukrainianVocative(n: string, sex: Sex): string | null {
  const stem = n.slice(0, -1);
  if (n.endsWith('ія') || /[аеєиіїоуюя']я$/u.test(n)) return `${stem}є`;
  if (n.endsWith('я')) return sex === 'male' ? `${stem}е` : null; // Ілля → Ілле; Оля → Олю is the accusative
  if (n.endsWith('а')) return `${stem}о`;
  if (n.endsWith('й') || n.endsWith('ь')) return null;
  if (n.endsWith('о')) return sex === 'male' ? `${stem}е` : null;
  if (sex === 'female') return n.endsWith('в') ? `${n}е` : null;
  const open = n;
  if (open.endsWith('г')) return `${open.slice(0, -1)}же`;
  if (open.endsWith('х')) return `${open.slice(0, -1)}ше`;
  if (/[кжчшщ]$/u.test(open)) return null; // Марку, Кузьмичу: the dative's
  if (!CONSONANT.includes(open.slice(-1))) return null;
  return `${open}е`;
}

function ukrainianObliqueForms(n: string, sex: Sex): [string, NameCase][] {
  const stem = n.slice(0, -1);
  if (sex === 'male') {
    if (n.endsWith('ій') || n.endsWith('й'))
      return [
        [`${stem}я`, 'genitive'],
        [`${stem}ю`, 'dative'],
        [`${stem}єві`, 'dative'],
        [`${stem}єм`, 'instrumental'],
      ];
    if (n.endsWith('ь'))
      return [
        [`${stem}я`, 'genitive'],
        [`${stem}ю`, 'dative'],
        [`${stem}еві`, 'dative'],
        [`${stem}ем`, 'instrumental'],
      ];
    if (n.endsWith('о'))
      return [
        [`${stem}а`, 'genitive'],
        [`${stem}ові`, 'dative'],
        [`${stem}у`, 'dative'],
        [`${stem}ом`, 'instrumental'],
      ];
    // A man's accusative is his genitive (Петра), but for a name in -а/-я (Миколу, Іллю, Саву).
    if (n.endsWith('я'))
      return [
        [`${stem}і`, 'genitive'],
        [`${stem}і`, 'dative'],
        [`${stem}ю`, 'accusative'],
        [`${stem}ею`, 'instrumental'],
      ];
    if (n.endsWith('а'))
      return [
        [`${stem}${/[жчшщ]$/u.test(stem) ? 'і' : 'и'}`, 'genitive'],
        [`${stem}і`, 'dative'],
        [`${stem}у`, 'accusative'],
        [`${stem}${/[жчшщ]$/u.test(stem) ? 'ею' : 'ою'}`, 'instrumental'],
      ];
    const hard: [string, NameCase][] = [
      [`${n}а`, 'genitive'],
      [`${n}у`, 'dative'],
      [`${n}ові`, 'dative'],
      [`${n}${/[жчшщ]$/u.test(n) ? 'ем' : 'ом'}`, 'instrumental'],
    ];
    // Ігор, Лазар: Ігоря, Ігореві, Ігорю. Every other name in -р is hard (Віктора): a "Вікторя" is no
    // genitive of Віктор (romanized, it is Viktoria's). The hard forms stay read for these too (Ігора).
    if (SOFT_IN_R.has(n))
      return [
        ...hard,
        [`${n}я`, 'genitive'],
        [`${n}еві`, 'dative'],
        [`${n}ю`, 'dative'],
        [`${n}ем`, 'instrumental'],
      ];
    // Федір → Федора, Яків → Якова: the і of the last syllable opens to о. The forms keeping і (Федіра),
    // as some letters write them, stay read.
    const open = INNER_I_TO_O.get(n);
    return open === undefined
      ? hard
      : [
          [`${open}а`, 'genitive'],
          [`${open}у`, 'dative'],
          [`${open}ові`, 'dative'],
          [`${open}ом`, 'instrumental'],
          ...hard,
        ];
  }
  if (n.endsWith('ія') || /[аеєиіїоуюя']я$/u.test(n))
    return [
      [`${stem}ї`, 'genitive'],
      [`${stem}ї`, 'dative'],
      [`${stem}ю`, 'accusative'],
      [`${stem}єю`, 'instrumental'],
    ];
  if (n.endsWith('я'))
    return [
      [`${stem}і`, 'genitive'],
      [`${stem}і`, 'dative'],
      [`${stem}ю`, 'accusative'],
      [`${stem}ею`, 'instrumental'],
    ];
  if (n.endsWith('а')) {
    const soft: [string, NameCase][] = /[гкх]$/u.test(stem)
      ? [[`${stem.slice(0, -1)}${{ г: 'з', к: 'ц', х: 'с' }[stem.slice(-1)] ?? ''}і`, 'dative']] // Ользі
      : [];
    return [
      [`${stem}${/[жчшщ]$/u.test(stem) ? 'і' : 'и'}`, 'genitive'],
      [`${stem}і`, 'dative'],
      ...soft,
      [`${stem}у`, 'accusative'],
      [`${stem}${/[жчшщ]$/u.test(stem) ? 'ею' : 'ою'}`, 'instrumental'],
    ];
  }
  if (n.endsWith('в') || n.endsWith('ь'))
    return [
      [`${n.replace(/ь$/u, '')}і`, 'genitive'],
      [`${n.replace(/ь$/u, '')}і`, 'dative'],
      [`${n.replace(/ь$/u, '')}'ю`, 'instrumental'], // Любов'ю
    ];
  return [];
}

/** The genitive and dative forms of a Russian given name (lower case, ё as е). */
function russianGivenForms(n: string, sex: Sex): [string, NameCase][] {
  const stem = n.slice(0, -1);
  // The accusative of a name in -а/-я: Марию, Елену; a man's too (Никиту, Илью, Фому), unlike his others.
  // The prepositional of a name in -а/-я is its dative (Никите, Марии), read as that (`pickGiven`).
  const accusative: [string, NameCase][] = [[`${stem}${n.endsWith('я') ? 'ю' : 'у'}`, 'accusative']];
  if (n.endsWith('ия'))
    return [[`${stem}и`, 'genitive'], [`${stem}и`, 'dative'], ...accusative, [`${stem}ей`, 'instrumental']];
  if (n.endsWith('я'))
    return [[`${stem}и`, 'genitive'], [`${stem}е`, 'dative'], ...accusative, [`${stem}ей`, 'instrumental']];
  if (n.endsWith('а'))
    return [
      [`${stem}${VELAR_OR_HUSHING.test(stem) ? 'и' : 'ы'}`, 'genitive'],
      [`${stem}е`, 'dative'],
      ...accusative,
      [`${stem}${/[жчшщц]$/u.test(stem) ? 'ей' : 'ой'}`, 'instrumental'],
    ];
  if (sex === 'female')
    return n.endsWith('ь')
      ? [
          [`${stem}и`, 'genitive'],
          [`${stem}и`, 'dative'],
          [`${n}ю`, 'instrumental'], // Любовью
        ]
      : [];
  if (n.endsWith('ий'))
    return [
      [`${stem}я`, 'genitive'],
      [`${stem}ю`, 'dative'],
      [`${stem}ем`, 'instrumental'],
      [`${stem}и`, 'locative'], // Юрии
    ];
  if (n.endsWith('й') || n.endsWith('ь'))
    return [
      [`${stem}я`, 'genitive'],
      [`${stem}ю`, 'dative'],
      [`${stem}ем`, 'instrumental'],
      [`${stem}е`, 'locative'],
    ];
  // Павел → Павла, Лев → Льва: the vowel drops.
  const fleeting = n === 'лев' ? 'льв' : /[^аеиоуыэюя]ел$/u.test(n) ? `${n.slice(0, -2)}л` : n;
  return [
    [`${fleeting}а`, 'genitive'],
    [`${fleeting}у`, 'dative'],
    [`${fleeting}${/[жчшщц]$/u.test(fleeting) ? 'ем' : 'ом'}`, 'instrumental'],
    [`${fleeting}е`, 'locative'],
  ];
}

/** Every nominative given name written in Cyrillic (with diminutives): a form here is never read as declined alone. */
const NOMINATIVE_GIVEN = new Map<string, Set<Sex>>();
/** Declined form → the nominatives it may be. */
const DECLINED_GIVEN = new Map<string, GivenReading[]>();

for (const c of GIVEN_NAME_CLASSES) {
  const nominatives: [string, 'uk' | 'ru'][] = [
    ...c.uk.map((f): [string, 'uk'] => [f, 'uk']),
    ...c.ru.map((f): [string, 'ru'] => [f, 'ru']),
  ];
  for (const f of [...c.uk, ...c.ru, ...(c.diminutives ?? [])]) {
    const k = key(f);
    const set = NOMINATIVE_GIVEN.get(k) ?? new Set<Sex>();
    set.add(c.sex);
    NOMINATIVE_GIVEN.set(k, set);
  }
  for (const [f, lang] of nominatives) {
    const forms = lang === 'uk' ? ukrainianGivenForms(key(f), c.sex) : russianGivenForms(key(f), c.sex);
    for (const [form, nameCase] of forms) {
      const list = DECLINED_GIVEN.get(form) ?? [];
      if (!list.some((r) => r.nominative === f && r.nameCase === nameCase))
        list.push({ nominative: f, sex: c.sex, nameCase, lang });
      DECLINED_GIVEN.set(form, list);
    }
  }
}

// ---- patronymics ------------------------------------------------------------------------------------------

interface PatronymicReading {
  nominative: string;
  sex: Sex;
  nameCase: NameCase;
}

/**
 * A patronymic in the genitive or dative read back (Григоровича, Григорьевичу → Григорович, Григорьевич;
 * Петрівни, Петрівні, Петровны, Петровне → Петрівна, Петровна), or null when it is not one: the nominative
 * must be a patronymic the name tables know (a surname like Мицкевича is not read) — or, with `byShape` (a
 * record's patronymic field, which holds no surname), have a patronymic's suffix (-ович, -евич, -йович, -ьович;
 * -івна, -ївна, -овна, -евна) with a father's name of two letters or more before it: Ізраїльовичу, Тамазовичу,
 * Мойсеївну, whose fathers' names the tables lack. No nominative patronymic ends in -ича, -ичу, -ичеві, -вни,
 * -вні, -вну or -вне.
 */
function readPatronymic(word: string, byShape = false): PatronymicReading | null {
  const w = key(word);
  // -ем: the instrumental (Петровичем); -ом, Russian after a stressed ending (Ильичом); -е, the Russian
  // prepositional (Петровиче).
  let m = /^(.*ич)(а|у|еві|ем|ом|е)$/u.exec(w);
  if (m !== null) {
    const nominative = m[1] as string;
    const shaped = byShape && /^\p{L}{2,}(ов|ев|єв|йов|ьов)ич$/u.test(nominative);
    if (fatherClassOfPatronymic(nominative) === null && !shaped) return null;
    const ending = m[2] as string;
    const nameCase: NameCase =
      ending === 'а'
        ? 'genitive'
        : ending === 'ем' || ending === 'ом'
          ? 'instrumental'
          : ending === 'е'
            ? 'locative'
            : 'dative';
    return { nominative, sex: 'male', nameCase };
  }
  m = /^(.*[вч]н)(и|ы|і|е|у|ою|ой|о)$/u.exec(w);
  if (m !== null) {
    const nominative = `${m[1] as string}а`;
    const shaped = byShape && /^\p{L}{2,}(ів|їв|ов|ев|єв)на$/u.test(nominative);
    if (!isPatronymic(nominative) && !shaped) return null;
    const ending = m[2] as string;
    const nameCase: NameCase =
      ending === 'и' || ending === 'ы'
        ? 'genitive'
        : ending === 'у'
          ? 'accusative'
          : ending === 'ою' || ending === 'ой'
            ? 'instrumental'
            : ending === 'о'
              ? 'vocative'
              : 'dative';
    return { nominative, sex: 'female', nameCase };
  }
  return null;
}

// ---- surnames ---------------------------------------------------------------------------------------------

type Rule = readonly [RegExp, string];

const C = `[${CONSONANT}]`;
const V = '[аеєиіїоуюяыэ]';

/**
 * Romanian surnames end in -у in the nominative (Мунтяну, Чобану, Попеску, Ротару, Гуцу, Русу, Лупу, Ончулу): no
 * case ending to undo. A man's is written so in the genitive too ("щодо Лупу Івана Петровича"), the case letters
 * use most; so a man's accusative in -у after ц, с, л, н or п (Мазепу) is left as written.
 */
const KEEP_ROMANIAN: readonly Rule[] = [[/(ан|ян|еск|ар|[цслнп])у$/u, '$&']];

/**
 * Georgian, Greek and Hungarian nominatives in -і after a vowel and л or д (Гелашвілі, Церетелі, Ялі, Ставріді,
 * Анастасіаді, Шомоді) and -іані (Дадіані): no case ending to undo, in the genitive or the dative.
 */
const KEEP_FOREIGN_I: readonly Rule[] = [[/([аеєіїоюя]л|іан|[аеєиіоу]д)і$/u, '$&']];

/**
 * A surname in -а/-я in the dative (a man's or a woman's; the locative is the same), Ukrainian -і, the velar
 * alternating (Дзюбі, Сороці, Дорозі → Дзюба, Сорока, Дорога). -ля and -ла key alike, so Зозулі reads as Зозула.
 * Nominatives ending so stay: Georgian and Greek -лі after a vowel but и, у and -іані (Гелашвілі, Церетелі, Ялі), Greek and Hungarian -ді after a
 * vowel (Ставріді, Анастасіаді, Шомоді; a Свида's dative Свиді stays unread), and every -і after a hushing
 * consonant (Кечеджі; a Кваша's dative Кваші stays unread).
 */
const DATIVE_IN_A: readonly Rule[] = [
  ...KEEP_FOREIGN_I,
  [/[жчшщ]і$/u, '$&'],
  [/ці$/u, 'ка'],
  [/зі$/u, 'га'],
  [new RegExp(`(${C})і$`, 'u'), '$1а'],
];

/**
 * The same in Russian: -е (Дзюбе, Кучме → Дзюба, Кучма), only in a record its letters or its names' forms say is
 * Russian (Ивану, Андрею): Кьосе beside Харлампію, Фекете beside Габору are nominatives; Georgian -дзе stays.
 */
const RUSSIAN_DATIVE_IN_A: readonly Rule[] = [
  [/дзе$/u, '$&'],
  [new RegExp(`(${C})е$`, 'u'), '$1а'],
];

/** A surname in -а/-я in the instrumental, a man's or a woman's: Дзюбою, Квашею, Зозулею; Russian Дзюбой, Зозулей. */
const INSTRUMENTAL_IN_A: readonly Rule[] = [
  [/ою$/u, 'а'],
  [/([жчшщ])ею$/u, '$1а'],
  [/ею$/u, 'я'],
  [new RegExp(`(${C})ой$`, 'u'), '$1а'],
  [/([жчшщц])ей$/u, '$1а'],
  [new RegExp(`(${C})ей$`, 'u'), '$1я'],
];

/** A man's surname in the genitive, longest endings first. */
const MALE_GENITIVE: readonly Rule[] = [
  [/(ськ|цьк|зьк)ого$/u, '$1ий'],
  [/(ск|цк)ого$/u, '$1ий'],
  [/ього$/u, 'ій'],
  [/([гкхжчшщ])ого$/u, '$1ий'],
  [/ого$/u, 'ий'],
  [/его$/u, 'ий'],
  [/енка$/u, 'енко'],
  [new RegExp(`(${V})ка$`, 'u'), '$1к'],
  [new RegExp(`(${C}|й|ь)ка$`, 'u'), '$1ко'],
  [/йця$/u, 'єць'],
  [new RegExp(`(${V})ця$`, 'u'), '$1ць'],
  [/ця$/u, 'ець'],
  [/йца$/u, 'ец'],
  [new RegExp(`(${C})ца$`, 'u'), '$1ец'],
  [/ія$/u, 'ій'],
  [/([аеиоуыє])я$/u, '$1й'],
  [new RegExp(`(${C})я$`, 'u'), '$1ь'],
  [new RegExp(`(${C})а$`, 'u'), '$1'],
  ...KEEP_FOREIGN_I,
  [/([жчшщ])і$/u, '$1а'],
  [new RegExp(`(${C})і$`, 'u'), '$1я'],
  [new RegExp(`(${C})[иы]$`, 'u'), '$1а'],
  // A man's accusative is his genitive but for a surname in -а/-я: Дзюбу, Зозулю (Romanian -у stays: Мунтяну).
  ...KEEP_ROMANIAN,
  [new RegExp(`(${C})у$`, 'u'), '$1а'],
  [new RegExp(`(${C})ю$`, 'u'), '$1я'],
];

/** A man's surname in the dative. */
const MALE_DATIVE: readonly Rule[] = [
  [/(ськ|цьк|зьк)ому$/u, '$1ий'],
  [/(ск|цк)ому$/u, '$1ий'],
  [/ьому$/u, 'ій'],
  [/ому$/u, 'ий'],
  [/ему$/u, 'ий'],
  [/енкові$/u, 'енко'],
  [/енку$/u, 'енко'],
  [/єві$/u, 'й'],
  // Кравцеві, Коломийцеві (the locative more than the dative): the е of -ець drops.
  [/йцеві$/u, 'єць'],
  [new RegExp(`(${V})цеві$`, 'u'), '$1ць'],
  [/цеві$/u, 'ець'],
  [/еві$/u, 'ь'],
  [new RegExp(`(${V})кові$`, 'u'), '$1к'],
  [new RegExp(`(${C}|й|ь)кові$`, 'u'), '$1ко'],
  [new RegExp(`(${V})ку$`, 'u'), '$1к'],
  [new RegExp(`(${C}|й|ь)ку$`, 'u'), '$1ко'],
  [/йцю$/u, 'єць'],
  [new RegExp(`(${V})цю$`, 'u'), '$1ць'],
  [/цю$/u, 'ець'],
  [/йцу$/u, 'ец'],
  [new RegExp(`(${C})цу$`, 'u'), '$1ец'],
  [/ію$/u, 'ій'],
  [/([еаоу])ю$/u, '$1й'],
  [new RegExp(`(${C})ю$`, 'u'), '$1ь'],
  [new RegExp(`(${C})ові$`, 'u'), '$1'],
  [new RegExp(`(${C})у$`, 'u'), '$1'],
  ...DATIVE_IN_A,
];

/**
 * A man's surname in the instrumental (Шевченком, Ковальським, Петровим, Кравцем, Ковалем, Ткачем, Дзюбою;
 * Russian Петровым, Ковальским, Кравцом, Дзюбой). A Ukrainian -им is a possessive's more than an adjective's
 * (Петровим → Петров; Пустовим → Пустовий by the -ий rule that follows).
 */
const MALE_INSTRUMENTAL: readonly Rule[] = [
  [/(ськ|цьк|зьк)им$/u, '$1ий'],
  [/(ск|цк)им$/u, '$1ий'],
  [/(ов|ев|єв|ін|ин|ін)им$/u, '$1'],
  [/(ов|ев|ёв|ин|ын)ым$/u, '$1'],
  [/ім$/u, 'ій'],
  [/им$/u, 'ий'],
  [/ым$/u, 'ый'],
  [/енком$/u, 'енко'],
  [new RegExp(`(${V})ком$`, 'u'), '$1к'],
  [new RegExp(`(${C}|й|ь)ком$`, 'u'), '$1ко'],
  [/йцем$/u, 'єць'],
  [new RegExp(`(${V})цем$`, 'u'), '$1ць'],
  [/цем$/u, 'ець'],
  [/йцом$/u, 'ец'],
  [new RegExp(`(${C})цом$`, 'u'), '$1ец'],
  [/([жчшщ])ем$/u, '$1'],
  [/єм$/u, 'й'],
  [/([аеоуя])ем$/u, '$1й'],
  [new RegExp(`(${C})ем$`, 'u'), '$1ь'],
  [new RegExp(`(${C})ом$`, 'u'), '$1'],
  ...INSTRUMENTAL_IN_A,
];

/**
 * A man's surname in the Russian prepositional (Шевчуке, Петрове, Ковальском, Кравце). A surname in -а's
 * prepositional is its dative (Дзюбе), read as that only where the dative is written.
 */
const MALE_LOCATIVE: readonly Rule[] = [
  [/(ск|цк)ом$/u, '$1ий'],
  [new RegExp(`(${C})це$`, 'u'), '$1ец'],
  [/дзе$/u, '$&'],
  [new RegExp(`(${C})е$`, 'u'), '$1'],
];

/** A woman's surname in the instrumental: the adjectival, possessive and -а/-я forms inflect, the others do not. */
const FEMALE_INSTRUMENTAL: readonly Rule[] = [
  [/(ськ|цьк|зьк|ов|ев|єв|ін|ин)ою$/u, '$1а'],
  [/(ск|цк)ой$/u, '$1ая'],
  [/(ов|ев|ёв|ин|ын)ой$/u, '$1а'],
  ...INSTRUMENTAL_IN_A,
];

/** A woman's surname in the genitive: the adjectival and possessive forms inflect, the others do not. */
const FEMALE_GENITIVE: readonly Rule[] = [
  [/ьої$/u, 'я'],
  [/ої$/u, 'а'],
  [/(ск|цк)ой$/u, '$1ая'],
  [/(ов|ев|ин|ын)ой$/u, '$1а'],
  [/ой$/u, 'ая'],
  ...KEEP_FOREIGN_I,
  [/([жчшщ])і$/u, '$1а'],
  [new RegExp(`(${C})і$`, 'u'), '$1я'],
  [new RegExp(`(${C})[иы]$`, 'u'), '$1а'],
];

/** A woman's surname in the dative. */
const FEMALE_DATIVE: readonly Rule[] = [
  [/(ськ|цьк|зьк|ов|ев|єв|ін|ин)ій$/u, '$1а'],
  [/(ск|цк)ой$/u, '$1ая'],
  [/(ов|ев|ин|ын)ой$/u, '$1а'],
  ...DATIVE_IN_A,
];

/**
 * A woman's surname in the accusative: the adjectival (Ковальську, Ковальскую) and possessive (Петрову) forms,
 * and those in -а/-я (Сороку, Зозулю); the others do not inflect (Шевчук, Коваленко, Коваль). Surnames of
 * Romanian origin end in -у in the nominative (Мунтяну, Чобану, Попеску, Ротару) and stay.
 */
const FEMALE_ACCUSATIVE: readonly Rule[] = [
  [/(ськ|цьк|зьк)у$/u, '$1а'],
  [/(ск|цк)ую$/u, '$1ая'],
  [/ую$/u, 'ая'],
  [/(ов|ев|єв|ёв|ін|ин|ын)у$/u, '$1а'],
  [/(ан|ян|еск|ар)у$/u, '$1у'],
  [new RegExp(`(${C})у$`, 'u'), '$1а'],
  [new RegExp(`(${C})ю$`, 'u'), '$1я'],
];

function undoSurnamePart(word: string, sex: Sex, nameCase: NameCase, lang: 'uk' | 'ru' | null): string {
  const w = key(word);
  // An appeal's surname is written as it stands (пане Коваленко): only the given name and patronymic are read.
  if (nameCase === 'vocative') return w;
  if (nameCase === 'dative' && lang === 'ru') {
    const undone = undoRules(w, sex === 'male' ? MALE_DATIVE : FEMALE_DATIVE);
    return undone !== w ? undone : undoRules(w, RUSSIAN_DATIVE_IN_A);
  }
  // A woman's Russian prepositional is her dative (Петровой, Ковальской, Дзюбе).
  const rules =
    sex === 'male'
      ? {
          genitive: MALE_GENITIVE,
          accusative: MALE_GENITIVE,
          dative: MALE_DATIVE,
          instrumental: MALE_INSTRUMENTAL,
          locative: MALE_LOCATIVE,
        }[nameCase]
      : {
          genitive: FEMALE_GENITIVE,
          accusative: FEMALE_ACCUSATIVE,
          dative: FEMALE_DATIVE,
          instrumental: FEMALE_INSTRUMENTAL,
          locative: FEMALE_DATIVE,
        }[nameCase];
  for (const [re, to] of rules) if (re.test(w)) return w.replace(re, to);
  return w;
}

/** A surname read back to the nominative (each part of a double surname), as `written` was cased. */
function undoSurname(written: string, sex: Sex, nameCase: NameCase, lang: 'uk' | 'ru' | null): string {
  return written
    .split('-')
    .map((part) => withCaseOf(part, undoSurnamePart(part, sex, nameCase, lang)))
    .join('-');
}

/**
 * `lower` (a nominative computed in lower case) cased as `written` was: the letters they share kept as
 * written, the rest upper case when `written` is all capitals.
 */
function withCaseOf(written: string, lower: string): string {
  if (written === '' || key(written) === lower) return written;
  let i = 0;
  const w = key(written);
  while (i < w.length && i < lower.length && w[i] === lower[i]) i++;
  const capitals = written === written.toUpperCase() && written !== written.toLowerCase();
  const tail = lower.slice(i);
  return written.slice(0, i) + (capitals ? tail.toUpperCase() : tail);
}

// ---- Latin renderings (KMU 2010 of the Ukrainian, ICAO and BGN/PCGN of the Russian) ------------------------

/** The romanizations of a Cyrillic form in the language it is read in. */
function latinOf(form: string, lang: 'uk' | 'ru'): string[] {
  return lang === 'uk'
    ? [romanizeUkrainian(form)]
    : [...new Set([romanizeRussian(form, 'icao'), romanizeRussian(form, 'bgn')])];
}

/**
 * Declined given names in Latin, by skeleton → the nominatives they may be, in the same romanization (Tarasa →
 * Taras, Anny → Anna, Andriia → Andrii, Mykoly → Mykola). A skeleton that some given name of the tables has in
 * the nominative, in any script or spelling, is read only as the Cyrillic rule reads such a form.
 */
const LATIN_DECLINED_GIVEN = new Map<string, GivenReading[]>();
/**
 * A woman's given name in the accusative in Latin, by skeleton (Mariiu, Mariyu → Mariia, Mariya; Olenu → Olena):
 * read beside a patronymic in the accusative (Ivanivnu), or alone where no man's reading of the form is left.
 */
const LATIN_ACCUSATIVE_GIVEN = new Map<string, GivenReading[]>();
// Each language's own declined forms, romanized by its own standards (Олега: ICAO Olega of the Russian, KMU
// Oleha of the Ukrainian; Ігоря, a Ukrainian form, never in ICAO).
for (const c of GIVEN_NAME_CLASSES)
  for (const lang of ['uk', 'ru'] as const)
    for (const n of lang === 'uk' ? c.uk : c.ru) {
      const nominative = key(n);
      const nominatives = latinOf(n.replace(/ё/gu, 'е'), lang);
      const declined =
        lang === 'uk' ? ukrainianGivenForms(nominative, c.sex) : russianGivenForms(nominative, c.sex);
      for (const [form, nameCase] of declined) {
        // The instrumental and the prepositional are read in Cyrillic only.
        if (nameCase === 'instrumental' || nameCase === 'locative') continue;
        // A woman's accusative is kept apart (LATIN_ACCUSATIVE_GIVEN): romanized, Olenu, Yanu fold with men's
        // datives. A man's (Mykolu) is not read in Latin.
        if (nameCase === 'accusative') {
          if (c.sex === 'female') addLatin(LATIN_ACCUSATIVE_GIVEN, form, lang, nominatives, c.sex, nameCase);
          continue;
        }
        // The soft genitive of a name in -р is Ігоря's; romanized, Вікторя would be Viktoria (Вікторія).
        if (/ря$/u.test(form) && !SOFT_IN_R.has(nominative)) continue;
        addLatin(LATIN_DECLINED_GIVEN, form, lang, nominatives, c.sex, nameCase);
      }
    }

/** Adds a declined Cyrillic form's romanizations to `map`, by skeleton, with the nominative in the same system. */
function addLatin(
  map: Map<string, GivenReading[]>,
  form: string,
  lang: 'uk' | 'ru',
  nominatives: readonly string[],
  sex: Sex,
  nameCase: NameCase,
): void {
  latinOf(form, lang).forEach((f, i) => {
    const k = skeleton(f);
    if (k === '' || k.includes(' ')) return;
    const latin = nominatives[i] ?? nominatives[0] ?? f;
    const list = map.get(k) ?? [];
    if (!list.some((x) => skeleton(x.nominative) === skeleton(latin) && x.nameCase === nameCase))
      list.push({ nominative: latin, sex, nameCase, lang });
    map.set(k, list);
  });
}

/** The sexes of the given names whose nominative, in any script or spelling, has this skeleton. */
function nominativeSexesOfSkeleton(k: string): Set<Sex> | undefined {
  const ids = givenClassIdsOfSkeleton(k);
  if (ids.length === 0) return undefined;
  return new Set(ids.map((id) => GIVEN_NAME_CLASS_BY_ID.get(id)?.sex ?? 'male'));
}

/**
 * A romanized patronymic in the genitive, dative or (a woman's) accusative read back (Hryhorovycha, Grigorevicha, Hryhorovychu,
 * Hryhorovychevi → -ych/-ich; Petrivny, Petrovny, Petrivni, Petrovne → -a), or null: the nominative must be a
 * patronymic the tables know, as in Cyrillic.
 */
function readLatinPatronymic(word: string): (PatronymicReading & { lang: 'uk' | 'ru' | null }) | null {
  const w = key(word);
  let m = /^(.*(?:ych|ich))(a|u|evi)$/u.exec(w);
  if (m !== null) {
    const nominative = m[1] as string;
    if (fatherClassOfPatronymic(nominative) === null) return null;
    return {
      nominative,
      sex: 'male',
      nameCase: m[2] === 'a' ? 'genitive' : 'dative',
      lang: nominative.endsWith('ych') ? 'uk' : 'ru',
    };
  }
  m = /^(.*(?:vn|chn))(y|i|e|u|o)$/u.exec(w);
  if (m !== null) {
    const nominative = `${m[1] as string}a`;
    if (!isPatronymic(nominative)) return null;
    const lang = /ivn$/u.test(m[1] as string) ? 'uk' : /[oe]vn$/u.test(m[1] as string) ? 'ru' : null;
    const nameCase =
      m[2] === 'y' ? 'genitive' : m[2] === 'u' ? 'accusative' : m[2] === 'o' ? 'vocative' : 'dative';
    return { nominative, sex: 'female', nameCase, lang };
  }
  return null;
}

const LC = '[bcdfghjklmnpqrstvwxz]';
const LV = '[aeiouy]';

/** A man's romanized surname in the genitive, longest endings first (Shevchenka, Kovalskoho, Kravtsia, Melnyka). */
const LATIN_MALE_GENITIVE: readonly Rule[] = [
  [/(s|ts|z)koho$/u, '$1kyi'],
  [/(s|ts|z)kogo$/u, '$1kii'],
  [/oho$/u, 'yi'],
  [/ogo$/u, 'ii'],
  [/enka$/u, 'enko'],
  [new RegExp(`(${LV})ka$`, 'u'), '$1k'],
  [new RegExp(`(${LC})ka$`, 'u'), '$1ko'],
  [new RegExp(`(${LC})tsia$`, 'u'), '$1ets'],
  [new RegExp(`(${LC})tsa$`, 'u'), '$1ets'],
  [/iia$/u, 'ii'],
  [new RegExp(`(${LV})ia$`, 'u'), '$1i'],
  [new RegExp(`(${LC})ia$`, 'u'), '$1'],
  [new RegExp(`(${LC})a$`, 'u'), '$1'],
  [/(zh|ch|sh|k|h|g|kh)[yi]$/u, '$1a'],
  [new RegExp(`(${LC})y$`, 'u'), '$1a'],
  [new RegExp(`(${LC})i$`, 'u'), '$1ia'],
];

/** A man's romanized surname in the dative. */
const LATIN_MALE_DATIVE: readonly Rule[] = [
  [/(s|ts|z)komu$/u, '$1kyi'],
  [/omu$/u, 'yi'],
  [/enkovi$/u, 'enko'],
  [/enku$/u, 'enko'],
  [new RegExp(`(${LV})kovi$`, 'u'), '$1k'],
  [new RegExp(`(${LC})kovi$`, 'u'), '$1ko'],
  [new RegExp(`(${LV})ku$`, 'u'), '$1k'],
  [new RegExp(`(${LC})ku$`, 'u'), '$1ko'],
  [new RegExp(`(${LC})tsiu$`, 'u'), '$1ets'],
  [new RegExp(`(${LC})tsu$`, 'u'), '$1ets'],
  [/evi$/u, ''],
  [new RegExp(`(${LC})ovi$`, 'u'), '$1'],
  [new RegExp(`(${LC})iu$`, 'u'), '$1'],
  [new RegExp(`(${LC})u$`, 'u'), '$1'],
];

/** A woman's romanized surname in the genitive: the adjectival and possessive forms inflect, the others do not. */
const LATIN_FEMALE_GENITIVE_UK: readonly Rule[] = [
  [/(ov|ev|in|yn)oi$/u, '$1a'],
  [/oi$/u, 'a'],
  [/(zh|ch|sh|k|h|kh)y$/u, '$1a'],
  [new RegExp(`(${LC})y$`, 'u'), '$1a'],
];
const LATIN_FEMALE_GENITIVE_RU: readonly Rule[] = [
  [/(ov|ev|in|yn)o[iy]$/u, '$1a'],
  [/(s|ts)ko[iy]$/u, '$1kaia'],
  [/o[iy]$/u, 'aia'],
  [/(zh|ch|sh|k|g|kh)i$/u, '$1a'],
  [new RegExp(`(${LC})y$`, 'u'), '$1a'],
];
// -ivni is the dative in KMU and the genitive as ICAO writes a Ukrainian patronymic: the adjectival genitive
// (-skoi, -ovoi) is undone under it too, which no dative ends in.
const LATIN_FEMALE_DATIVE_UK: readonly Rule[] = [
  [/(sk|tsk|zk|ov|ev|in|yn)ii$/u, '$1a'],
  [/(ov|ev|in|yn)oi$/u, '$1a'],
  [/oi$/u, 'a'],
];
const LATIN_FEMALE_DATIVE_RU: readonly Rule[] = [
  [/(s|ts)ko[iy]$/u, '$1kaia'],
  [/(ov|ev|in|yn)o[iy]$/u, '$1a'],
];

/** A woman's romanized surname in the accusative (Kovalsku, Kovalskuiu, Petrovu, Soroku, Zozuliu). */
const LATIN_FEMALE_ACCUSATIVE: readonly Rule[] = [
  [/(s|ts|z)kuiu$/u, '$1kaia'],
  [/(s|ts|z)kuyu$/u, '$1kaya'],
  [/uiu$/u, 'aia'],
  [/uyu$/u, 'aya'],
  [/(s|ts|z)ku$/u, '$1ka'],
  [/(ov|ev|in|yn)u$/u, '$1a'],
  [/(an|ian|esc|esk|ar)u$/u, '$1u'],
  [new RegExp(`(${LC})iu$`, 'u'), '$1ia'],
  [new RegExp(`(${LC})yu$`, 'u'), '$1ya'],
  [new RegExp(`(${LC})u$`, 'u'), '$1a'],
];

function undoLatinSurnamePart(word: string, sex: Sex, nameCase: NameCase, lang: 'uk' | 'ru'): string {
  const w = key(word);
  if (nameCase === 'vocative') return w;
  if (nameCase === 'accusative') return sex === 'female' ? undoRules(w, LATIN_FEMALE_ACCUSATIVE) : w;
  const rules =
    sex === 'male'
      ? nameCase === 'genitive'
        ? LATIN_MALE_GENITIVE
        : LATIN_MALE_DATIVE
      : nameCase === 'genitive'
        ? lang === 'ru'
          ? LATIN_FEMALE_GENITIVE_RU
          : LATIN_FEMALE_GENITIVE_UK
        : lang === 'ru'
          ? LATIN_FEMALE_DATIVE_RU
          : LATIN_FEMALE_DATIVE_UK;
  return undoRules(w, rules);
}

function undoRules(w: string, rules: readonly Rule[]): string {
  for (const [re, to] of rules) if (re.test(w)) return w.replace(re, to);
  return w;
}

// ---- the record -------------------------------------------------------------------------------------------

/** A person's name fields as written (empty or null when absent) and the sex when the record gives it. */
export interface NameFields {
  family: string | null;
  given: string | null;
  patronymic: string | null;
  sex?: Sex | null;
}

/** A record's names read back to the nominative, and the case they were written in. */
export interface Undeclined {
  family: string | null;
  given: string | null;
  patronymic: string | null;
  nameCase: NameCase;
  sex: Sex;
}

const CYRILLIC_WORD = /^[\p{Script=Cyrillic}'’ʼ-]+$/u;

/** Which language a record's words are in, where a letter says (і/ї/є/ґ, ы/э/ъ/ё). */
function languageOf(words: readonly (string | null)[]): 'uk' | 'ru' | null {
  const text = words.filter((w) => w !== null).join(' ');
  if (UK_LETTERS.test(text)) return 'uk';
  if (RU_LETTERS.test(text)) return 'ru';
  return null;
}

/** The language a patronymic is formed in, when its father's name forms it differently in the two (Ильич, Ілліч). */
function patronymicLanguage(p: PatronymicReading): 'uk' | 'ru' | null {
  const c = fatherClassOfPatronymic(p.nominative);
  if (c === null) return null;
  const n = key(p.nominative);
  const uk = key(patronymicOf(c, p.sex, 'uk')) === n;
  const ru = key(patronymicOf(c, p.sex, 'ru')) === n;
  return uk === ru ? null : uk ? 'uk' : 'ru';
}

/**
 * A given name's nominative by its ending alone, for a name the tables lack in the case and sex its patronymic
 * gives, or null where the ending says nothing (a consonant: Давіт written so in any case is taken as it stands).
 * A man's: genitive Давіта → Давіт, Харлампія → Харлампій, Яреми → Ярема; dative Давіту, Давітові → Давіт,
 * Харлампію → Харлампій, Яремі → Ярема. A woman's: genitive Ярини → Ярина, Соломії → Соломія; dative Ярині →
 * Ярина, Ірині → Ірина; accusative Дебору → Дебора, Стефанію → Стефанія. A man's name in -ко after a consonant
 * or ь is read so (Грицька, Грицькові, Юрку → Грицько, Юрко; a man's name ends in no consonant and -к); a woman's in
 * -я after a consonant (Оля) reads otherwise (Олі → Ола): only its key's end differs. The instrumental is read
 * too (Давітом, Харлампієм, Яриною); the Russian prepositional is not.
 */
function givenByEnding(w: string, sex: Sex, nameCase: NameCase): string | null {
  if (w.length < 3 || !/^[\p{Script=Cyrillic}'’ʼ]+$/u.test(w)) return null;
  if (nameCase === 'locative' || nameCase === 'vocative') return null;
  // A man's name in -ко after a consonant (Грицько, Юрко): no man's name ends in a consonant and -к.
  const KO: Rule = [new RegExp(`(${C}|ь)к(а|ові|у|ом)$`, 'u'), '$1ко'];
  const rules: readonly Rule[] =
    nameCase === 'instrumental'
      ? sex === 'male'
        ? [
            KO,
            [new RegExp(`(${C})ом$`, 'u'), '$1'],
            [/([жчшщ])ем$/u, '$1'],
            [/єм$/u, 'й'],
            [new RegExp(`(${C})ем$`, 'u'), '$1ь'],
            [/ою$/u, 'а'],
            [/ею$/u, 'я'],
          ]
        : [
            [/єю$/u, 'я'],
            [/ою$/u, 'а'],
            [/([жчшщ])ею$/u, '$1а'],
            [/ею$/u, 'я'],
          ]
      : sex === 'male'
        ? nameCase === 'genitive'
          ? [
              KO,
              [/ія$/u, 'ій'],
              [new RegExp(`(${V})я$`, 'u'), '$1й'],
              // Вікторя is no genitive (a name in -р is hard: Віктора); Ігоря is in the tables.
              [/([бвгґджзклмнпстфхцчшщ])я$/u, '$1ь'],
              [new RegExp(`(${C})а$`, 'u'), '$1'],
              [new RegExp(`(${C})[иы]$`, 'u'), '$1а'],
            ]
          : [
              KO,
              [new RegExp(`(${C})ові$`, 'u'), '$1'],
              [/єві$/u, 'й'],
              [new RegExp(`(${C})еві$`, 'u'), '$1ь'],
              [/ію$/u, 'ій'],
              [new RegExp(`(${V})ю$`, 'u'), '$1й'],
              [new RegExp(`(${C})ю$`, 'u'), '$1ь'],
              [new RegExp(`(${C})у$`, 'u'), '$1'],
              [new RegExp(`(${C})і$`, 'u'), '$1а'],
            ]
        : nameCase === 'accusative'
          ? [
              [new RegExp(`(${C}|')у$`, 'u'), '$1а'],
              [/ю$/u, 'я'],
            ]
          : nameCase === 'genitive'
            ? [
                [/ї$/u, 'я'],
                [new RegExp(`(${C})[иы]$`, 'u'), '$1а'],
                [/([жчшщ])і$/u, '$1а'],
                [new RegExp(`(${C})і$`, 'u'), '$1я'],
              ]
            : [
                [/ї$/u, 'я'],
                [new RegExp(`(${C})[іе]$`, 'u'), '$1а'],
              ];
  for (const [re, to] of rules) if (re.test(w)) return w.replace(re, to);
  return null;
}

/** Men's names whose genitive is also a woman's name (Богдана, Ярослава, Яна, Валентина, Павла, Віталія). */
const FEMININE_TWINS: ReadonlySet<string> = new Set(
  [
    'богдан',
    'ян',
    'іван',
    'иван',
    'валентин',
    'олександр',
    'александр',
    'роман',
    'юліан',
    'юлиан',
    'віталій',
    'виталий',
    'анатолій',
    'анатолий',
    'павло',
    'павел',
    'петро',
    'петр',
    'данило',
    'даниил',
    'леонід',
    'леонид',
    'георгій',
    'георгий',
    'євгеній',
    'евгений',
    'валерій',
    'валерий',
    'аркадій',
    'аркадий',
    "мар'ян",
    'марьян',
  ].map(key),
);
const hasFeminineTwin = (nominative: string): boolean => {
  const n = key(nominative);
  return FEMININE_TWINS.has(n) || n.endsWith('слав');
};

/**
 * Whether a surname is in a man's genitive, evidence enough beside a given name that is also a woman's nominative
 * (Олександра, Валентина, Богдана): with the record's sex male, any surname the genitive rules change (Шевчука,
 * Сороки, Петрова); with no sex, only endings no nominative surname has, a woman's included (-ого, -енка, -ича).
 */
function manGenitive(family: string | null, recordSex: Sex | null): boolean {
  if (family === null || family === '' || recordSex === 'female') return false;
  const f = key(family);
  if (/(ого|ього|енка|ича)$/u.test(f)) return true;
  return (
    recordSex === 'male' &&
    family.split('-').some((p) => undoSurnamePart(p, 'male', 'genitive', null) !== key(p))
  );
}

/** The one nominative a declined given name may be, given the sex, case and language known; else null. */
function pickGiven(
  readings: readonly GivenReading[],
  sex: Sex | null,
  nameCase: NameCase | null,
  lang: 'uk' | 'ru' | null,
): GivenReading | null {
  // A man's accusative given name (Миколу) stands beside his other words in the genitive (Шевченка Миколу
  // Івановича).
  let fit = readings.filter(
    (r) =>
      (sex === null || r.sex === sex) &&
      (nameCase === null ||
        r.nameCase === nameCase ||
        (r.sex === 'male' && r.nameCase === 'accusative' && nameCase === 'genitive') ||
        // A man's patronymic in the vocative is its dative's form (Петровичу): a given name in the vocative
        // (Іване, Миколо) stands beside it.
        (r.sex === 'male' && r.nameCase === 'vocative' && nameCase === 'dative') ||
        // The Russian prepositional of a name in -а/-я, and a woman's, is the dative's form (Никите, Марии).
        (r.nameCase === 'dative' && nameCase === 'locative')),
  );
  // A Russian prepositional stands beside no name of another case's reading when nothing says the case:
  // Валентине alone is Валентина's dative, not Валентин's prepositional.
  if (nameCase === null && fit.some((r) => r.nameCase !== 'locative'))
    fit = fit.filter((r) => r.nameCase !== 'locative');
  // A vocative (Валентине: Валентин's) yields to a reading of another case (Валентина's Russian dative) when
  // nothing says the case: the vocative is read where it is the form's only reading.
  if (nameCase === null && fit.some((r) => r.nameCase !== 'vocative'))
    fit = fit.filter((r) => r.nameCase !== 'vocative');
  if (fit.length > 1 && lang !== null && fit.some((r) => r.lang === lang))
    fit = fit.filter((r) => r.lang === lang);
  // Марії, Любові: the genitive and the dative are one form; offices write the genitive most.
  if (fit.some((r) => r.nameCase === 'genitive') && fit.some((r) => r.nameCase === 'dative'))
    fit = fit.filter((r) => r.nameCase === 'genitive');
  if (fit.length === 0) return null;
  const [first] = fit;
  // Павла: Павло (uk) or Павел (ru), one class: either reads the same to every key; the first is kept.
  return fit.every((r) => r.sex === first?.sex && r.nameCase === first.nameCase) ? (first ?? null) : null;
}

/**
 * Whether a vocative reading may stand (hold-out 17): never beside a patronymic in the nominative (Ніно Леванівна
 * is a Georgian Nino, not Ніна spoken to); with no patronymic, only a man's vocative in -е or a woman's in -є
 * (Іване, Олеже, Петре, Маріє): a form in -о (Ніно, Ніко, Nino) is a nominative in other languages too. Beside a
 * patronymic in the vocative or the dative's form (Олено Іванівно, Миколо Петровичу) every vocative is read.
 */
function vocativeStands(written: string, patronymic: string | null, pat: PatronymicReading | null): boolean {
  if (pat !== null) return true;
  if (patronymic !== null && patronymic !== '') return false;
  return /[еєe]$/iu.test(written);
}

/**
 * A patronymic the tables lack read by its shape (`readPatronymic`), only where the given name beside it is in
 * the same case: no nominative of the tables (Мицкевича Тарас Мицкевича is a surname in the patronymic's place),
 * and a declined form of the tables for that sex and case (Тараса Тамазовича) or a name the tables lack whose
 * ending is one of that case (Давіту Ізраїльовичу, Ярині Остапівні).
 */
function shapedPatronymic(patronymic: string, given: string | null): PatronymicReading | null {
  const p = readPatronymic(patronymic, true);
  if (p === null || given === null || given === '' || given.includes(' ')) return null;
  const k = key(given);
  if (NOMINATIVE_GIVEN.has(k)) return null;
  const readings = DECLINED_GIVEN.get(k);
  if (readings !== undefined) return pickGiven(readings, p.sex, p.nameCase, null) !== null ? p : null;
  return givenByEnding(k, p.sex, p.nameCase) !== null ? p : null;
}

/**
 * A record's names read back to the nominative when they are written in the genitive or dative, or null when
 * nothing says they are (every nominative record: a surname alone is never evidence). The evidence is a
 * patronymic in such a case, or a given name in a form no nominative name has (Тараса, Анни; Олександра and
 * Яна only beside a patronymic of the other sex). The surname is then undone by the sex (the record's, else
 * the patronymic's or given name's) and the case.
 */
export function undeclineName(fields: NameFields): Undeclined | null {
  const { family, given, patronymic } = fields;
  const words = [family, given, patronymic].filter((w): w is string => w !== null && w !== '');
  if (words.length > 0 && words.every((w) => w.length <= MAX_WORD && LATIN_WORD.test(w)))
    return undeclineLatin(fields);
  for (const w of [family, given, patronymic])
    if (w !== null && w !== '' && (w.length > MAX_WORD || !CYRILLIC_WORD.test(w))) return null;
  const recordSex = fields.sex ?? null;
  const pat =
    patronymic !== null && patronymic !== ''
      ? (readPatronymic(patronymic) ?? shapedPatronymic(patronymic, given))
      : null;
  if (pat !== null && recordSex !== null && pat.sex !== recordSex) return null;
  const lang = languageOf([family, given, patronymic]) ?? (pat === null ? null : patronymicLanguage(pat));

  let givenOut = given;
  // The language of the given name's reading in the tables (Ивану: Russian), where no letter says.
  let givenLang: 'uk' | 'ru' | null = null;
  let sex: Sex | null = pat?.sex ?? recordSex;
  let nameCase: NameCase | null = pat?.nameCase ?? null;
  if (given !== null && given !== '' && !given.includes(' ')) {
    const k = key(given);
    const nominativeSexes = NOMINATIVE_GIVEN.get(k);
    let readings = DECLINED_GIVEN.get(k) ?? [];
    // Яну, Богдану, Віталію: a woman's accusative and a man's dative. Nothing else saying which, the surname
    // does: a man's dative changes every surname (Шевчуку, Коваленку, Петрову); a woman's accusative keeps one
    // that does not inflect (Шевчук, Коваленко) or ends as a woman's adjectival one (Ковальську, Ковальскую).
    if (
      recordSex === null &&
      pat === null &&
      readings.some((r) => r.nameCase === 'accusative' && r.sex === 'female') &&
      readings.some((r) => r.sex === 'male')
    ) {
      const f = key(family ?? '');
      const hers = f !== '' && (/(ськ|цьк|зьк)у$|ую$/u.test(f) || !/[уюі]$/u.test(f));
      readings = readings.filter((r) => (r.nameCase === 'accusative' && r.sex === 'female') === hers);
    }
    // A form that is also a nominative name is read as declined only beside a patronymic that says so, and
    // only when the nominative is a name of the other sex (Олександра Петровича) — or, with no patronymic, a
    // woman's name beside a surname in a man's genitive (`manGenitive`): Шевчука Олександра, sex male.
    const hisGenitive =
      pat === null &&
      nominativeSexes !== undefined &&
      !nominativeSexes.has('male') &&
      manGenitive(family, recordSex);
    const ambiguous =
      nominativeSexes !== undefined && !hisGenitive && (pat === null || nominativeSexes.has(pat.sex));
    let reading = ambiguous
      ? null
      : pickGiven(
          hisGenitive ? readings.filter((r) => r.sex === 'male' && r.nameCase === 'genitive') : readings,
          sex,
          nameCase,
          lang,
        );
    givenLang = reading?.lang ?? null;
    // Богдана alone: a woman's name the tables lack may be a man's name in the genitive (Богдан+а, Ярослав+а,
    // Івана for Іванна with a letter dropped). Such a reading needs the record to say he is a man, or his
    // surname to be in a man's genitive (-ого, -енка).
    if (
      reading !== null &&
      pat === null &&
      reading.sex === 'male' &&
      /[ая]$/u.test(k) &&
      recordSex !== 'male' &&
      hasFeminineTwin(reading.nominative) &&
      !manGenitive(family, recordSex)
    )
      reading = null;
    // A given name the tables lack, beside a patronymic that says the case and sex (Давіту Мирославовичу, Ярині
    // Остапівні, Дебору Мойсеївну): read back by its ending alone (`givenByEnding`).
    if (reading === null && pat !== null && nominativeSexes === undefined && readings.length === 0) {
      const n = givenByEnding(k, pat.sex, pat.nameCase);
      if (n !== null)
        reading = {
          nominative: withCaseOf(given, n),
          sex: pat.sex,
          nameCase: pat.nameCase,
          lang: lang ?? 'uk',
        };
    }
    if (reading?.nameCase === 'vocative' && !vocativeStands(given, patronymic, pat)) reading = null;
    if (reading !== null) {
      const capitals = given === given.toUpperCase() && given !== given.toLowerCase();
      const lower = given === given.toLowerCase();
      // Артема is Артем, as written, though the table has Артём.
      const n = /ё/iu.test(given) ? reading.nominative : reading.nominative.replace(/ё/gu, 'е');
      givenOut = capitals ? n.toUpperCase() : lower ? n.toLowerCase() : n;
      sex ??= reading.sex;
      nameCase ??= reading.nameCase;
      // Іване Петровичу: the patronymic's dative form is the vocative's; the surname stays as written.
      if (reading.nameCase === 'vocative') nameCase = 'vocative';
    }
  }
  if (nameCase === null || sex === null) return null;
  const familyOut =
    family !== null && family !== '' ? undoSurname(family, sex, nameCase, lang ?? givenLang) : family;
  const patronymicOut =
    pat !== null && patronymic !== null ? withCaseOf(patronymic, pat.nominative) : patronymic;
  return { family: familyOut, given: givenOut, patronymic: patronymicOut, nameCase, sex };
}

const LATIN_WORD = /^[A-Za-z'’ʼ-]+$/u;

/** A man's romanized surname in the dative (Shevchenku, Kovalskomu, Petrovovi, Shevchukovi). */
const MALE_DATIVE_SURNAME = /(omu|enku|enkovi|ovi|evi)$/u;

/** Romanized surname endings of the genitive or dative that no nominative surname of that sex has. */
const LATIN_OBLIQUE_SURNAME: Readonly<Record<Sex, RegExp>> = {
  male: /(oho|ogo|omu|enka|enku|enkovi)$/u,
  female: /(sk|tsk|zk|ov|ev|in|yn)o[iy]$/u,
};

/**
 * `undeclineName` for a record written in Latin (Shevchenka Tarasa Hryhorovycha, Kovalskoi Anny Petrivny), by
 * the same evidence: a romanized patronymic in the genitive or dative, or a given name in a romanized form no
 * nominative name has in any script or spelling (Tarasa, Anny; Oleksandra only beside a man's patronymic). The
 * language is the patronymic's (-ovych, -ivna: Ukrainian; -ovich, -ovna: Russian), else the given name's reading.
 */
function undeclineLatin(fields: NameFields): Undeclined | null {
  const { family, given, patronymic } = fields;
  const recordSex = fields.sex ?? null;
  const pat = patronymic !== null && patronymic !== '' ? readLatinPatronymic(patronymic) : null;
  if (pat !== null && recordSex !== null && pat.sex !== recordSex) return null;
  // A patronymic of one sex beside a given name that is a nominative of the other only, and no declined form of
  // that sex (Viktoriya Savvicha: a letter dropped from Savvichna; not Oleksandra Petrovycha), is a slip.
  const givenSexes = given === null || given === '' ? undefined : nominativeSexesOfSkeleton(skeleton(given));
  if (
    pat !== null &&
    givenSexes !== undefined &&
    !givenSexes.has(pat.sex) &&
    !(LATIN_DECLINED_GIVEN.get(skeleton(given ?? '')) ?? []).some((r) => r.sex === pat.sex)
  )
    return null;
  let lang = pat?.lang ?? null;
  let givenOut = given;
  let sex: Sex | null = pat?.sex ?? recordSex;
  let nameCase: NameCase | null = pat?.nameCase ?? null;
  if (given !== null && given !== '' && !given.includes(' ')) {
    const k = skeleton(given);
    const nominativeSexes = nominativeSexesOfSkeleton(k);
    const accusatives = LATIN_ACCUSATIVE_GIVEN.get(k) ?? [];
    let readings = LATIN_DECLINED_GIVEN.get(k) ?? [];
    // A woman's accusative (Mariiu, Olenu): beside a patronymic in the accusative; with no patronymic, where the
    // form is no man's dative (Yanu, Yuliiu are), the record says no man, and the surname is in no man's dative.
    if (
      accusatives.length > 0 &&
      (pat === null
        ? (patronymic === null || patronymic === '') &&
          readings.length === 0 &&
          recordSex !== 'male' &&
          !MALE_DATIVE_SURNAME.test(key(family ?? ''))
        : pat.nameCase === 'accusative')
    )
      readings = accusatives;
    const ambiguous = nominativeSexes !== undefined && (pat === null || nominativeSexes.has(pat.sex));
    let reading = ambiguous ? null : pickGiven(readings, sex, nameCase, lang);
    // Without a patronymic the given name is not enough in Latin: romanization folds і, и, ї and й, ю and у
    // together, so a typo or another tradition's spelling of a nominative (Matviu, Yuliy, Darij) looks
    // declined. The surname must then be in an oblique case no nominative surname of that sex ends in
    // (Kovalskoi, Petrovoi; Kovalskoho, Shevchenka).
    // A woman's accusative is the exception: her surname mostly keeps its nominative (Shevchuk Mariiu); a
    // nominative of the tables that looks like one is kept by the checks above (no nominative ends in -iu, -nu).
    // A vocative's ending (Mykolo, Nazare, Oleno, Yuliie) is no such spelling's: read alone, as in Cyrillic (the
    // vocatives in -iu are the dative's forms, left to the rule above).
    if (
      reading !== null &&
      pat === null &&
      reading.nameCase !== 'accusative' &&
      reading.nameCase !== 'vocative' &&
      !LATIN_OBLIQUE_SURNAME[reading.sex].test(key(family ?? ''))
    )
      reading = null;
    // A woman's name the tables lack beside a patronymic in the accusative (Yarynu Mykolaivnu): every name in
    // -а/-я takes -у/-ю there, and no nominative name is in -u.
    if (
      reading === null &&
      pat?.nameCase === 'accusative' &&
      nominativeSexes === undefined &&
      /u$/iu.test(given)
    )
      reading = { nominative: given, sex: 'female', nameCase: 'accusative', lang: pat.lang ?? 'uk' };
    if (reading?.nameCase === 'vocative' && !vocativeStands(given, patronymic, pat)) reading = null;
    if (reading !== null) {
      const capitals = given === given.toUpperCase() && given !== given.toLowerCase();
      const lower = given === given.toLowerCase();
      // A woman's accusative is her nominative with -u for -a in every romanization (Mariiu, Mariyu, Mariju).
      const n =
        reading.nameCase === 'accusative' && /u$/iu.test(given)
          ? `${given.slice(0, -1)}a`
          : reading.nominative;
      givenOut = capitals ? n.toUpperCase() : lower ? n.toLowerCase() : n;
      sex ??= reading.sex;
      nameCase ??= reading.nameCase;
      if (reading.nameCase === 'vocative') nameCase = 'vocative';
      lang ??= reading.lang;
    }
  }
  if (nameCase === null || sex === null) return null;
  const l = lang ?? 'uk';
  const familyOut =
    family !== null && family !== ''
      ? family
          .split('-')
          .map((part) => withCaseOf(part, undoLatinSurnamePart(part, sex, nameCase, l)))
          .join('-')
      : family;
  const patronymicOut =
    pat !== null && patronymic !== null ? withCaseOf(patronymic, pat.nominative) : patronymic;
  return { family: familyOut, given: givenOut, patronymic: patronymicOut, nameCase, sex };
}

/**
 * The words of a free-text query read back to the nominative when one of them is a patronymic, or a given
 * name, in the genitive or dative ("Шевченка Тараса Григоровича", "Ковальської Анни"); null otherwise. The
 * patronymic and given name are found by their forms, the remaining word is read as the surname.
 */
export function undeclineWords(words: readonly string[]): string[] | null {
  if (words.length < 2 || words.length > 3) return null;
  const latin = words.every((w) => w.length <= MAX_WORD && LATIN_WORD.test(w));
  const declinedPatronymic = (w: string) => (latin ? readLatinPatronymic(w) : readPatronymic(w)) !== null;
  const nominativeGiven = (w: string) =>
    latin ? nominativeSexesOfSkeleton(skeleton(w)) !== undefined : NOMINATIVE_GIVEN.has(key(w));
  const declinedGiven = (w: string) =>
    latin
      ? LATIN_DECLINED_GIVEN.has(skeleton(w)) || LATIN_ACCUSATIVE_GIVEN.has(skeleton(w))
      : DECLINED_GIVEN.has(key(w));
  const patIndex = words.findIndex((w) => declinedPatronymic(w));
  // A patronymic the tables lack, by its shape (Ізраїльовичу): the given name stands right before it in both
  // orders (surname first or last) and must be in its case (`shapedPatronymic`); the other word is the surname.
  if (patIndex < 0 && !latin) {
    const p = words.findIndex((w, i) => i > 0 && shapedPatronymic(w, words[i - 1] as string) !== null);
    if (p > 0 && words.length === 3) return undeclineWordsAt(words, p - 1, p, p === 1 ? 2 : 0);
    if (p > 0 && words.length === 2) return undeclineWordsAt(words, p - 1, p, -1);
  }
  const givenIndex = words.findIndex((w, i) => i !== patIndex && !nominativeGiven(w) && declinedGiven(w));
  if (givenIndex < 0 && patIndex < 0) return null;
  let g = givenIndex;
  let rest = words.map((_, i) => i).filter((i) => i !== patIndex && i !== g);
  if (g < 0) {
    // A patronymic and no given name found by its form alone: the word that may be a declined one (Олександра).
    g = rest.find((i) => declinedGiven(words[i] as string)) ?? -1;
    rest = rest.filter((i) => i !== g);
  }
  // A given name the tables lack, right before the patronymic, in its case by its ending (Ярині Остапівні).
  if (g < 0 && !latin && patIndex > 0 && rest.length > 1) {
    const pat = readPatronymic(words[patIndex] as string);
    const before = key(words[patIndex - 1] as string);
    if (
      pat !== null &&
      !NOMINATIVE_GIVEN.has(before) &&
      givenByEnding(before, pat.sex, pat.nameCase) !== null
    ) {
      g = patIndex - 1;
      rest = rest.filter((i) => i !== g);
    }
  }
  if (rest.length > 1) return null;
  return undeclineWordsAt(words, g, patIndex, rest[0] ?? -1);
}

function undeclineWordsAt(words: readonly string[], g: number, p: number, f: number): string[] | null {
  const at = (i: number): string | null => (i < 0 ? null : (words[i] as string));
  const out = undeclineName({ family: at(f), given: at(g), patronymic: at(p) });
  if (out === null) return null;
  const result = [...words];
  if (f >= 0 && out.family !== null) result[f] = out.family;
  if (g >= 0 && out.given !== null) result[g] = out.given;
  if (p >= 0 && out.patronymic !== null) result[p] = out.patronymic;
  return result;
}
