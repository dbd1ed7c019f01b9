/**
 * The eleventh hold-out noise model (issue #11, `--noise holdout11` in simulate:link, NOISE=holdout11 in eval:search),
 * for the realistic population and the mixed one (`--profile mixed`): ways real lists write a name, the sex or a
 * birth date that none of the ten earlier models (bench/holdout.ts … holdout10.ts) writes. Written from how such
 * lists look (a parish's patronymics, a children's list's or a foreign form's sex column, a bilingual form's name
 * cell, a library's or a standard's Latin with diacritics, a Romanian, Moldovan or Hungarian office's spelling, a
 * hotline operator's stress marks, a birth year no one knows better than "1990 or 1991"), not from the code; a fix
 * must be right for the kind of input, not for this generator. Its tables are its own.
 *
 * What the earlier models already write and this one does not repeat: church forms of the given name (holdout10
 * `church_form`), German and Polish Latin (the background), French, Czech and English media Latin (holdout
 * `spelling_fr`, `spelling_cz`, `spelling_en`), GOST 7.79-B and the Russian passport table (holdout2 `gost`,
 * holdout5 `ru_table`), a stress mark as a combining acute (holdout3 `combining`), both the Ukrainian and the
 * Russian form in one cell (holdout9 `both_forms`), an approximate year (holdout7 `date_approx`), month-and-year
 * dates (holdout7 `placeholder`, holdout8 `date_words`), "нар." beside a date (holdout6 `date_annotated`), the
 * father's name in the genitive (holdout9 `father_name`).
 *
 * Each record or query carries one class (HOLDOUT11_CLASSES) on top of the usual background. Deterministic: all
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

/** The classes and their shares. */
export const HOLDOUT11_CLASSES = {
  /**
   * The patronymic made from the father's church (baptismal) name, as a parish's register, a priest's or an old
   * civil register's extract writes it: "Іоаннович" / "Иоаннович" for Іванович, "Феодорович" for Федорович,
   * "Стефанович", "Симеонович", "Димитрійович" / "Димитриевич", "Іосифович", "Михаїлович", "Даниїлович",
   * "Матфійович" / "Матфеевич", "Алексійович" / "Алексиевич", "Афанасійович", "Філіппович"; "-івна" / "-овна"
   * for a woman; in Latin as romanized ("Ioannovych", "Feodorovich"). Clean where the father's name has no such
   * form, or the row's patronymic is empty.
   */
  church_patronymic: 0.15,
  /**
   * The sex column as lists other than the registry's forms write it: a children's list ("хлопчик", "дівчинка",
   * "мальчик", "девочка", "boy", "girl"), the column's own word kept ("чол. стать", "жіноча стать", "пол
   * мужской", "пол: жен."), a German or Polish form ("männlich", "weiblich", "mężczyzna", "kobieta"), symbols
   * ("♂", "♀"), an adjective left whole ("чоловічий", "мужск."), ISO 5218 codes ("1", "2"); and in a tenth of
   * these rows the other sex, a clerk's slip. The names are the background's.
   */
  sex_written: 0.15,
  /**
   * A name cell holding the name in both scripts, as a bilingual form (an ICRC, a UN or a consulate's form in
   * Ukrainian and English) or a list merged from a passport and a register has it: "Коваленко (Kovalenko)",
   * "Коваленко / KOVALENKO", "Kovalenko (Коваленко)", "Коваленко Kovalenko"; the surname alone or every name.
   */
  bilingual_cell: 0.15,
  /**
   * The names in a standard's Latin with diacritics, as a library, an archive or a foreign registry writes them:
   * ISO 9:1995 ("Ševčenko Andrìj Petrovič", "Jurìj", "Natalìâ", "Ûlìâ") or ALA-LC with its breve and tie bars
   * ("Andriĭ", "I͡Uriĭ", "Nataliia" as "Natalii͡a", "T͡Sap"), of the Ukrainian forms (or the Russian, as written).
   */
  translit_diacritic: 0.15,
  /**
   * The names as an office in Romania or Moldova ("Şevcenco Andrii Petrovici", "Covalenco", "Tcaciuc") or in
   * Hungary ("Sevcsenko Andrij Petrovics", "Olekszandr", "Kovalcsuk") spells them from Ukrainian papers, as a
   * refugee's or a Zakarpattia or Bukovina resident's records there have them.
   */
  spelling_ro_hu: 0.15,
  /**
   * The stress marked, as a hotline operator or a volunteer writes a name to be read aloud: the stressed vowel in
   * capitals inside a lower-case word ("КовалЕнко", "ОлексАндр", "KovalEnko"), or, in Latin, with an acute
   * ("Kovalénko", "Oleksándr"); one word or every word of the name.
   */
  stress_caps: 0.1,
  /**
   * A birth year no one knows better than within two years, as relatives' requests and admission lists write it:
   * "1990-1991", "1990–1991", "1990/1991", "1990/91", "1990-91 р.н.", "1990 або 1991", "1990 или 1991 г.р.",
   * "1990 or 1991"; the person's own year is one of the two. Clean when the row has no birth date.
   */
  year_range: 0.15,
} as const;
export type Holdout11Class = keyof typeof HOLDOUT11_CLASSES;

const CYRILLIC = /[\u0400-\u04ff]/u;

// ---- church patronymics ---------------------------------------------------------------------------------

/**
 * The church form of a father's name as a patronymic stem, by class id: the Ukrainian-letter stem (+ович /
 * +івна, or its own ending) and the Russian-letter one (+ович / +овна).
 */
const CHURCH_PATRONYMIC: Readonly<
  Record<string, { uk: readonly [string, string]; ru: readonly [string, string] }>
> = {
  ivan: { uk: ['Іоаннович', 'Іоаннівна'], ru: ['Иоаннович', 'Иоанновна'] },
  fedir: { uk: ['Феодорович', 'Феодорівна'], ru: ['Феодорович', 'Феодоровна'] },
  stepan: { uk: ['Стефанович', 'Стефанівна'], ru: ['Стефанович', 'Стефановна'] },
  semen: { uk: ['Симеонович', 'Симеонівна'], ru: ['Симеонович', 'Симеоновна'] },
  dmytro: { uk: ['Димитрійович', 'Димитріївна'], ru: ['Димитриевич', 'Димитриевна'] },
  yosyp: { uk: ['Іосифович', 'Іосифівна'], ru: ['Иосифович', 'Иосифовна'] },
  mykhailo: { uk: ['Михаїлович', 'Михаїлівна'], ru: ['Михаилович', 'Михаиловна'] },
  danylo: { uk: ['Даниїлович', 'Даниїлівна'], ru: ['Даниилович', 'Данииловна'] },
  matvii: { uk: ['Матфійович', 'Матфіївна'], ru: ['Матфеевич', 'Матфеевна'] },
  oleksii: { uk: ['Алексійович', 'Алексіївна'], ru: ['Алексиевич', 'Алексиевна'] },
  opanas: { uk: ['Афанасійович', 'Афанасіївна'], ru: ['Афанасиевич', 'Афанасиевна'] },
  pylyp: { uk: ['Філіппович', 'Філіппівна'], ru: ['Филиппович', 'Филипповна'] },
};

/** Whether `base` is written from the Russian forms (where they differ from the Ukrainian). */
function russianRendering(p: PersonNames, base: Rendered): boolean {
  return (
    (base.given !== '' && base.given === p.givenRu && p.givenRu !== p.givenUk) ||
    (base.family === p.familyRu && p.familyRu !== p.familyUk) ||
    (base.patronymic !== '' && base.patronymic === p.patronymicRu && p.patronymicRu !== p.patronymicUk)
  );
}

// ---- sex ------------------------------------------------------------------------------------------------

const SEX_FORMS: Readonly<Record<'male' | 'female', readonly string[]>> = {
  male: [
    'хлопчик',
    'мальчик',
    'boy',
    'чол. стать',
    'чоловіча стать',
    'пол мужской',
    'пол: муж.',
    'männlich',
    'mężczyzna',
    '♂',
    'чоловічий',
    'мужск.',
    '1',
  ],
  female: [
    'дівчинка',
    'девочка',
    'girl',
    'жін. стать',
    'жіноча стать',
    'пол женский',
    'пол: жен.',
    'weiblich',
    'kobieta',
    '♀',
    'жіночий',
    'женск.',
    '2',
  ],
};

// ---- Latin with diacritics ------------------------------------------------------------------------------

/** ISO 9:1995, one table for Ukrainian and Russian letters. */
const ISO9: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g̀', д: 'd', е: 'e', ё: 'ë', є: 'ê', ж: 'ž', з: 'z', и: 'i', і: 'ì',
  ї: 'ï', й: 'j', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'h', ц: 'c', ч: 'č', ш: 'š', щ: 'ŝ', ъ: 'ʺ', ы: 'y', ь: 'ʹ', э: 'è', ю: 'û', я: 'â', "'": 'ʼ', '’': 'ʼ',
  ʼ: 'ʼ',
}; // prettier-ignore

/** ALA-LC romanization of Ukrainian. */
const ALA_UK: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'i͡e', ж: 'zh', з: 'z', и: 'y', і: 'i', ї: 'ï',
  й: 'ĭ', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh',
  ц: 't͡s', ч: 'ch', ш: 'sh', щ: 'shch', ь: 'ʹ', ю: 'i͡u', я: 'i͡a', "'": 'ʺ', '’': 'ʺ', ʼ: 'ʺ',
}; // prettier-ignore

/** ALA-LC romanization of Russian. */
const ALA_RU: Readonly<Record<string, string>> = {
  ...ALA_UK,
  г: 'g', е: 'e', ё: 'ë', и: 'i', ы: 'y', э: 'ė', ъ: 'ʺ', й: 'ĭ',
}; // prettier-ignore

/** Hungarian spelling of Ukrainian letters. */
const HU: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'je', ж: 'zs', з: 'z', и: 'i', і: 'i', ї: 'ji',
  й: 'j', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 'sz', т: 't', у: 'u', ф: 'f', х: 'h',
  ц: 'c', ч: 'cs', ш: 's', щ: 'scs', ь: '', ю: 'ju', я: 'ja', "'": '', '’': '', ʼ: '',
}; // prettier-ignore

/** Romanian (and Moldovan) spelling of Ukrainian letters; к, ґ, ч and щ by the letter after them (below). */
const RO: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ж: 'j', з: 'z', и: 'î', і: 'i', ї: 'ii',
  й: 'i', к: 'c', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h',
  ц: 'ţ', ч: 'ci', ш: 'ş', щ: 'şci', ь: '', ю: 'iu', я: 'ia', "'": '', '’': '', ʼ: '',
}; // prettier-ignore

/** Letters after which Romanian c and g are soft (e, i): к → ch, ґ → gh, ч → c, щ → şc before them. */
const RO_SOFT = new Set(['е', 'є', 'і', 'ї']);

/** A Cyrillic word written with `table`: the first letter's case kept, a word in capitals in capitals. */
function transliterate(text: string, table: Readonly<Record<string, string>>, romanian = false): string {
  return text.replace(/[\p{L}'’ʼ]+/gu, (word) => {
    const chars = [...word];
    const caps = chars.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();
    let out = '';
    chars.forEach((ch, i) => {
      const lower = ch.toLowerCase();
      let latin = table[lower];
      if (romanian && latin !== undefined) {
        const next = chars[i + 1]?.toLowerCase();
        const soft = next !== undefined && RO_SOFT.has(next);
        if (lower === 'к' && soft) latin = 'ch';
        else if (lower === 'ґ' && soft) latin = 'gh';
        else if (lower === 'ч' && soft) latin = 'c';
        else if (lower === 'щ' && soft) latin = 'şc';
      }
      if (latin === undefined) out += ch;
      else if (caps) out += latin.toUpperCase();
      else if (ch !== lower && latin !== '') out += (latin[0] as string).toUpperCase() + latin.slice(1);
      else out += latin;
    });
    return out;
  });
}

// ---- stress ---------------------------------------------------------------------------------------------

const VOWELS_CYR = new Set([...'аеєиіїоуюяыэё']);
const VOWELS_LAT = new Set([...'aeiouy']);
const ACUTE: Readonly<Record<string, string>> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', y: 'ý' };

/** One vowel of a word marked stressed (not the first letter): in capitals, or with an acute (`acute`). */
function stressed(word: string, acute: boolean, rand: () => number): string {
  const chars = [...word];
  if (word === word.toUpperCase()) return word;
  const at = chars.flatMap((ch, i) =>
    i > 0 && (VOWELS_CYR.has(ch) || VOWELS_LAT.has(ch)) && (!acute || ACUTE[ch] !== undefined) ? [i] : [],
  );
  if (at.length === 0) return word;
  const i = pickOne(at, rand);
  const ch = chars[i] as string;
  chars[i] = acute ? (ACUTE[ch] as string) : ch.toUpperCase();
  return chars.join('');
}

// ---- year ranges ----------------------------------------------------------------------------------------

/** The birth year as a range of two years, one of them its own, or null for a row without a birth date. */
export function yearRange(birth: string, rand: () => number): string | null {
  const m = /^(\d{4})/.exec(birth);
  if (m === null) return null;
  const year = Number(m[1]);
  const from = rand() < 0.5 ? year - 1 : year;
  const to = from + 1;
  const short = String(to).slice(2);
  return pickOne(
    [
      `${from}-${to}`,
      `${from}–${to}`,
      `${from}/${to}`,
      `${from}/${short}`,
      `${from}-${short} р.н.`,
      `${from} або ${to}`,
      `${from} или ${to} г.р.`,
      `${from} or ${to}`,
    ],
    rand,
  );
}

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout11Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout11Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
  /** The sex column as the class writes it; undefined where the class leaves it to the background. */
  sex?: string;
}

/**
 * A person's names (and birth date, and sex) written by class `cls`; `base` is the record's rendering in its drawn
 * script, `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout11Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout11Class,
  rand: () => number,
): Holdout11Names {
  const clean = (): Holdout11Names => ({ ...base, birth, applied: 'clean' });
  const latin = !CYRILLIC.test(`${base.family}${base.given}${base.patronymic}`);
  const ru = !latin && russianRendering(p, base);
  // The Cyrillic a Latin row stands for: the Ukrainian forms, the fields the row leaves empty left empty.
  const cyr: Rendered = latin
    ? {
        family: base.family === '' ? '' : p.familyUk,
        given: base.given === '' ? '' : p.givenUk,
        patronymic: base.patronymic === '' ? '' : p.patronymicUk,
      }
    : base;
  const each = (f: (s: string) => string): Rendered => ({
    family: f(cyr.family),
    given: f(cyr.given),
    patronymic: f(cyr.patronymic),
  });
  switch (cls) {
    case 'church_patronymic': {
      const forms = CHURCH_PATRONYMIC[p.fatherKey];
      if (forms === undefined || base.patronymic === '') return clean();
      const k = row.sex === 'female' ? 1 : 0;
      const written = latin
        ? /ych$|ivna$/u.test(base.patronymic)
          ? romanizeUkrainian(forms.uk[k])
          : romanizeRussian(forms.ru[k], 'icao')
        : ru
          ? forms.ru[k]
          : forms.uk[k];
      return written === base.patronymic ? clean() : { ...base, patronymic: written, birth, applied: cls };
    }
    case 'sex_written': {
      if (row.sex !== 'male' && row.sex !== 'female') return clean();
      const other = row.sex === 'male' ? 'female' : 'male';
      const sex = pickOne(SEX_FORMS[rand() < 0.1 ? other : row.sex], rand);
      return { ...base, birth, sex, applied: cls };
    }
    case 'bilingual_cell': {
      if (base.family === '') return clean();
      const lat: Rendered = latin
        ? base
        : each((s) => (ru ? romanizeRussian(s, 'icao') : romanizeUkrainian(s)));
      const r = rand();
      const join = (c: string, l: string): string => {
        if (c === '' || l === '') return c || l;
        const caps = rand() < 0.3 ? l.toUpperCase() : l;
        return r < 0.35
          ? `${c} (${caps})`
          : r < 0.6
            ? `${c} / ${caps}`
            : r < 0.8
              ? `${l} (${c})`
              : `${c} ${caps}`;
      };
      const all = rand() < 0.4;
      return {
        family: join(cyr.family, lat.family),
        given: all ? join(cyr.given, lat.given) : base.given,
        patronymic: all ? join(cyr.patronymic, lat.patronymic) : base.patronymic,
        birth,
        applied: cls,
      };
    }
    case 'translit_diacritic': {
      const r = rand();
      const table = r < 0.55 ? ISO9 : ru ? ALA_RU : ALA_UK;
      const out = each((s) => transliterate(s, table));
      return { ...out, birth, applied: cls };
    }
    case 'spelling_ro_hu': {
      if (ru) return clean();
      const romanian = rand() < 0.5;
      const out = each((s) => transliterate(s, romanian ? RO : HU, romanian));
      return { ...out, birth, applied: cls };
    }
    case 'stress_caps': {
      const acute = latin && rand() < 0.5;
      const fields = ['family', 'given', 'patronymic'] as const;
      const out = { ...base };
      const all = rand() < 0.3;
      const one = pickOne(fields, rand);
      for (const f of fields)
        if (all || f === one) out[f] = out[f].replace(/\p{L}+/gu, (w) => stressed(w, acute, rand));
      if (fields.every((f) => out[f] === base[f])) return clean();
      return { ...out, birth, applied: cls };
    }
    case 'year_range': {
      const b = yearRange(birth, rand);
      return b === null ? clean() : { ...base, birth: b, applied: cls };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Eleventh hold-out search queries (NOISE=holdout11 in eval:search): a target drawn uniformly, its names written
 * by one of the name classes a search box meets (church_patronymic, bilingual_cell, translit_diacritic,
 * spelling_ro_hu, stress_caps; not sex_written or year_range, a search's sex and birth are its own fields), the
 * patronymic dropped in 40% (not for church_patronymic), birth as in NOISE_RATES. Labels: `holdout11:<class>`,
 * `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout11Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout11', prefix: 'h11', seed: (s: number) => s * 73 + 43 };
  const nameClasses: readonly Holdout11Class[] = [
    'church_patronymic',
    'bilingual_cell',
    'translit_diacritic',
    'spelling_ro_hu',
    'stress_caps',
  ];
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT11_CLASSES, rand());
    if (!nameClasses.includes(cls)) cls = pickOne(nameClasses, rand);
    const base = renderNames(names, style, rand);
    const keep = cls === 'church_patronymic';
    if (!keep && base.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic) base.patronymic = '';
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout11Names(names, row, base, birth.birth, cls, rand);
    return {
      q: eitherOrder(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '',
    };
  });
}
