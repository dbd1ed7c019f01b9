/**
 * The twelfth hold-out noise model (issue #11, `--noise holdout12` in simulate:link, NOISE=holdout12 in eval:search),
 * for the realistic population and the mixed one (`--profile mixed`): ways real lists write a name or a birth date
 * that none of the eleven earlier models (bench/holdout.ts … holdout11.ts) writes. Written from how such lists look
 * (a Belarusian camp's or office's list of deported children, a Czech, Latvian or Lithuanian registry's form of a
 * refugee's name, a Russian clerk reading a Ukrainian passport's Latin back into Cyrillic, a Dutch or Swedish
 * tracing body's spelling by ear, a name in speaking order split into columns by a spreadsheet, a web
 * application's export of a date as a timestamp), not from the code; a fix must be right for the kind of input, not
 * for this generator. Its tables are its own.
 *
 * What the earlier models already write and this one does not repeat: French, Czech-scholarly, English, German and
 * Polish Latin (holdout `spelling_fr`, `spelling_cz`, `spelling_en`, the background), GOST and the Russian passport
 * table (holdout2 `gost`, holdout5 `ru_table`), ISO 9, ALA-LC, Romanian and Hungarian (holdout11), a Ukrainian
 * spelling typed on a Russian keyboard (holdout8 `ru_keyboard`), a whole name given name first in the family
 * column (holdout3 `given_first`), the family and given name swapped (holdout `swapped`), given name and patronymic
 * swapped (holdout4 `swapped_gp`), an Excel serial day (holdout3 `excel_serial`), ISO timestamps (holdout9
 * `iso_timestamp`), compact dates (holdout7 `date_compact`).
 *
 * Each record or query carries one class (HOLDOUT12_CLASSES) on top of the usual background. Deterministic: all
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
export { isCyrillic } from './holdoutText.js';

/** The classes and their shares. */
export const HOLDOUT12_CLASSES = {
  /**
   * The names in Belarusian, as a Belarusian camp's, hospital's or office's list of children taken there writes
   * them: the given name's Belarusian form ("Аляксандр", "Сяргей", "Мікалай", "Дзмітрый", "Андрэй", "Уладзімір",
   * "Вольга", "Наталля", "Кацярына", "Таццяна"), the patronymic by Belarusian rules ("Пятровіч", "Іванаўна"), the
   * surname respelled (і for и, ы after ж ш ч ц р, э for е after them, ў for в after a vowel, -ка for -ко:
   * "Шэўчэнка", "Кавальчук", "Іваноў"); or in a Belarusian passport's Latin ("Aliaksandr", "Siarhei", "Shauchenka").
   */
  belarusian: 0.15,
  /**
   * The name as a Czech, Latvian or Lithuanian registry writes a refugee's: a woman's surname with the Czech
   * -ová ("Kovalenková", "Melnyková", "Kovalská"), Latvian endings ("Andrijs", "Oleksandrs", "Melniks",
   * "Petrovičs"), Lithuanian ones ("Andrijus", "Oleksandras", "Melnykas", "Ševčenka"); a Czech or Lithuanian form
   * has no patronymic.
   */
  baltic_czech: 0.15,
  /**
   * A Ukrainian passport's Latin read back into Cyrillic letter by letter by someone who reads it as Russian, as a
   * Russian-side document made from a foreign passport or a machine-translated list has it: "Хрыхорий" or
   * "Грыгорий" (Hryhorii), "Серхий", "Ирына", "Олександр", "Наталиа", "Евхен", "Юрий" (Yurii).
   */
  back_translit: 0.15,
  /**
   * The names as a Dutch or Swedish (Norwegian) tracing body, a newspaper or a caseworker there spells them by ear:
   * Dutch "Sjevtsjenko", "Joerij", "Tkatsjoek", "Koezmenko", "Oleksandr"; Swedish "Sjevtjenko", "Jurij", "Tkatjuk".
   */
  spelling_nl_sv: 0.15,
  /**
   * The whole name in speaking order ("Андрій Петрович Коваленко") split into the surname, given name and
   * patronymic columns by a spreadsheet's text-to-columns: the given name under the surname, the patronymic under
   * the given name, the surname under the patronymic. Clean when the row has no patronymic.
   */
  columns_natural: 0.15,
  /**
   * A full birth date as a web application's or a database's export writes it: a Unix timestamp in milliseconds
   * or seconds ("668736000000", "668736000"), a .NET JSON date ("/Date(668725200000)/", "/Date(668725200000+0300)/");
   * midnight in Kyiv or in UTC, negative before 1970. Clean for a partial date.
   */
  date_epoch: 0.15,
} as const;
export type Holdout12Class = keyof typeof HOLDOUT12_CLASSES;

// ---- Belarusian -----------------------------------------------------------------------------------------

/** Belarusian forms of given names by class id (the father's for the patronymic stem): [name, male stem]. */
const BY_GIVEN: Readonly<Record<string, string>> = {
  oleksandr: 'Аляксандр', oleksii: 'Аляксей', serhii: 'Сяргей', mykola: 'Мікалай', dmytro: 'Дзмітрый',
  andrii: 'Андрэй', volodymyr: 'Уладзімір', yurii: 'Юрый', ivan: 'Іван', petro: 'Пётр', vasyl: 'Васіль',
  viktor: 'Віктар', ihor: 'Ігар', maksym: 'Максім', artem: 'Арцём', denys: 'Дзяніс', oleh: 'Алег',
  mykhailo: 'Міхаіл', pavlo: 'Павел', vitalii: 'Віталь', vadym: 'Вадзім', yevhen: 'Яўген', roman: 'Раман',
  bohdan: 'Багдан', anatolii: 'Анатоль', hryhorii: 'Рыгор', stepan: 'Сцяпан', fedir: 'Фёдар',
  leonid: 'Леанід', valerii: 'Валерый', vladyslav: 'Уладзіслаў', kyrylo: 'Кірыл', yaroslav: 'Яраслаў',
  olena: 'Алена', tetiana: 'Таццяна', iryna: 'Ірына', oksana: 'Аксана', svitlana: 'Святлана',
  liudmyla: 'Людміла', halyna: 'Галіна', mariia: 'Марыя', yuliia: 'Юлія', hanna: 'Ганна', olha: 'Вольга',
  nataliia: 'Наталля', kateryna: 'Кацярына', viktoriia: 'Вікторыя', larysa: 'Ларыса', anastasiia: 'Анастасія',
  nadiia: 'Надзея', liubov: 'Любоў', valentyna: 'Валянціна', dariia: 'Дар’я', sofiia: 'Сафія',
  yelyzaveta: 'Лізавета', maryna: 'Марына', oleksandra: 'Аляксандра', polina: 'Паліна', khrystyna: 'Крысціна',
}; // prettier-ignore

/** Belarusian patronymics by the father's class id: [man's, woman's]. */
const BY_PATRONYMIC: Readonly<Record<string, readonly [string, string]>> = {
  oleksandr: ['Аляксандравіч', 'Аляксандраўна'], oleksii: ['Аляксеевіч', 'Аляксееўна'],
  serhii: ['Сяргеевіч', 'Сяргееўна'], mykola: ['Мікалаевіч', 'Мікалаеўна'], dmytro: ['Дзмітрыевіч', 'Дзмітрыеўна'],
  andrii: ['Андрэевіч', 'Андрэеўна'], volodymyr: ['Уладзіміравіч', 'Уладзіміраўна'], yurii: ['Юр’евіч', 'Юр’еўна'],
  ivan: ['Іванавіч', 'Іванаўна'], petro: ['Пятровіч', 'Пятроўна'], vasyl: ['Васільевіч', 'Васільеўна'],
  viktor: ['Віктаравіч', 'Віктараўна'], ihor: ['Ігаравіч', 'Ігараўна'], mykhailo: ['Міхайлавіч', 'Міхайлаўна'],
  pavlo: ['Паўлавіч', 'Паўлаўна'], anatolii: ['Анатольевіч', 'Анатольеўна'], hryhorii: ['Рыгоравіч', 'Рыгораўна'],
  stepan: ['Сцяпанавіч', 'Сцяпанаўна'], fedir: ['Фёдаравіч', 'Фёдараўна'], leonid: ['Леанідавіч', 'Леанідаўна'],
  yevhen: ['Яўгенавіч', 'Яўгенаўна'], roman: ['Раманавіч', 'Раманаўна'], oleh: ['Алегавіч', 'Алегаўна'],
  valerii: ['Валер’евіч', 'Валер’еўна'], vitalii: ['Віталевіч', 'Віталеўна'], bohdan: ['Багданавіч', 'Багданаўна'],
  maksym: ['Максімавіч', 'Максімаўна'], vadym: ['Вадзімавіч', 'Вадзімаўна'],
}; // prettier-ignore

const HARD = new Set([...'жшчцр']);
const BY_VOWELS = new Set([...'аеёиіоуыэюяАЕЁИІОУЫЭЮЯ']);

/** A Russian-letter name respelled by Belarusian rules (and -ко as -ка, -ов / -ев as -оў / -еў at the end). */
function belarusianSpelling(name: string): string {
  const chars = [...name.replace(/щ/gu, 'шч').replace(/Щ/gu, 'Шч').replace(/ъ/gu, '’')];
  let out = '';
  chars.forEach((ch, i) => {
    const lower = ch.toLowerCase();
    const prev = (chars[i - 1] ?? '').toLowerCase();
    const next = chars[i + 1];
    const up = (s: string): string => (ch === lower ? s : s.toUpperCase());
    if (lower === 'и') out += up(HARD.has(prev) ? 'ы' : 'і');
    else if (lower === 'е' && HARD.has(prev)) out += up('э');
    else if (
      lower === 'в' &&
      i > 0 &&
      BY_VOWELS.has(chars[i - 1] as string) &&
      (next === undefined || !BY_VOWELS.has(next))
    )
      out += up('ў');
    else out += ch;
  });
  return out.replace(/ко$/u, 'ка').replace(/КО$/u, 'КА');
}

/** Belarusian Cyrillic in a Belarusian passport's Latin (the 2007 instruction). */
const BY_LATIN: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'h', д: 'd', е: 'ie', ё: 'io', ж: 'zh', з: 'z', і: 'i', й: 'i', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ў: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch',
  ш: 'sh', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia', '’': '', "'": '',
}; // prettier-ignore

// ---- Czech, Latvian, Lithuanian -------------------------------------------------------------------------

/** Ukrainian letters in Latvian spelling. */
const LV: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'je', ж: 'ž', з: 'z', и: 'i', і: 'i', ї: 'ji',
  й: 'j', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h',
  ц: 'c', ч: 'č', ш: 'š', щ: 'šč', ь: '', ю: 'ju', я: 'ja', "'": '', '’': '', ʼ: '',
}; // prettier-ignore

/** Ukrainian letters in Lithuanian spelling. */
const LT: Readonly<Record<string, string>> = {
  ...LV, и: 'y', х: 'ch',
}; // prettier-ignore

/** Ukrainian letters in Dutch spelling. */
const NL: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'je', ж: 'zj', з: 'z', и: 'y', і: 'i', ї: 'ji',
  й: 'j', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'oe', ф: 'f', х: 'ch',
  ц: 'ts', ч: 'tsj', ш: 'sj', щ: 'sjtsj', ь: '', ю: 'joe', я: 'ja', "'": '', '’': '', ʼ: '',
}; // prettier-ignore

/** Ukrainian letters in Swedish (and Norwegian) spelling. */
const SV: Readonly<Record<string, string>> = {
  ...NL, у: 'u', ч: 'tj', ш: 'sj', щ: 'sjtj', ю: 'ju', ж: 'zj',
}; // prettier-ignore

/** A Cyrillic text written with `table`: the first letter's case kept, a word in capitals in capitals. */
function transliterate(text: string, table: Readonly<Record<string, string>>): string {
  return text.replace(/[\p{L}'’ʼ]+/gu, (word) => {
    const chars = [...word];
    const caps = chars.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();
    let out = '';
    for (const ch of chars) {
      const lower = ch.toLowerCase();
      const latin = table[lower];
      if (latin === undefined) out += ch;
      else if (caps) out += latin.toUpperCase();
      else if (ch !== lower && latin !== '') out += (latin[0] as string).toUpperCase() + latin.slice(1);
      else out += latin;
    }
    return out;
  });
}

/** Applies `f` to each word's lower-case form, keeping a word in capitals in capitals. */
function endings(text: string, f: (w: string) => string): string {
  return text.replace(/\p{L}+/gu, (w) => {
    const caps = w.length > 1 && w === w.toUpperCase();
    const out = f(caps ? w.toLowerCase() : w);
    return caps ? out.toUpperCase() : out;
  });
}

const CONSONANT_END = /[bcčdfghjklmnprsštvzž]$/u;

/** A Latvian man's name: -s after a consonant ("Andrijs", "Melniks"), -skij as -skis. */
function latvianMasculine(w: string): string {
  if (/skij$/u.test(w)) return w.replace(/skij$/u, 'skis');
  return CONSONANT_END.test(w) ? `${w}s` : w;
}

/** A Lithuanian man's name: -ij as -ijus, a consonant + -as, -o as -a (surname) or -as (given). */
function lithuanianMasculine(w: string, given: boolean): string {
  if (/ij$/u.test(w)) return `${w}us`;
  if (/yj$/u.test(w)) return w.replace(/yj$/u, 'is');
  if (CONSONANT_END.test(w)) return `${w}as`;
  if (w.endsWith('o')) return given ? `${w.slice(0, -1)}as` : `${w.slice(0, -1)}a`;
  return w;
}

/** A Czech woman's surname: -ská / -cká for -ska / -cka, -ová added otherwise (-o + -vá). */
function czechFeminine(w: string): string {
  if (/[sc]ka$/u.test(w)) return `${w.slice(0, -1)}á`;
  if (w.endsWith('a')) return `${w.slice(0, -1)}ová`;
  if (w.endsWith('o')) return `${w}vá`;
  if (/[yi]$/u.test(w)) return w;
  return `${w}ová`;
}

// ---- Latin read back as Russian -------------------------------------------------------------------------

/**
 * A Ukrainian passport's (KMU) Latin read back into Cyrillic by a Russian reader, letter group by letter group:
 * h as х or г (`hAs`), y inside a word as ы or и (`yAs`), ia / iu / ie as written letters or as я / ю / е.
 */
function readBack(latin: string, hAs: string, yAs: string, digraphs: boolean): string {
  return latin.replace(/\p{L}+/gu, (word) => {
    const caps = word.length > 1 && word === word.toUpperCase();
    const w = word.toLowerCase();
    let out = '';
    let i = 0;
    while (i < w.length) {
      const rest = w.slice(i);
      const at = (re: RegExp): string | null => re.exec(rest)?.[0] ?? null;
      let m: string | null;
      if ((m = at(/^shch/u)) !== null) out += 'щ';
      else if ((m = at(/^(zh|kh|ts|ch|sh)/u)) !== null)
        out += ({ zh: 'ж', kh: 'х', ts: 'ц', ch: 'ч', sh: 'ш' } as Record<string, string>)[m] as string;
      else if (i === 0 && (m = at(/^y[aueio]/u)) !== null)
        out += ({ ya: 'я', yu: 'ю', ye: 'е', yi: 'йи', yo: 'йо' } as Record<string, string>)[m] as string;
      else if (digraphs && (m = at(/^i[aue]/u)) !== null)
        out += ({ ia: 'я', iu: 'ю', ie: 'е' } as Record<string, string>)[m] as string;
      else if ((m = at(/^ii$/u)) !== null) out += 'ий';
      else if ((m = at(/^yi$/u)) !== null) out += 'ый';
      else {
        m = w[i] as string;
        const one: Record<string, string> = {
          a: 'а', b: 'б', c: 'ц', d: 'д', e: 'е', f: 'ф', g: 'г', h: hAs, i: 'и', j: 'й', k: 'к', l: 'л', m: 'м',
          n: 'н', o: 'о', p: 'п', q: 'к', r: 'р', s: 'с', t: 'т', u: 'у', v: 'в', w: 'в', x: 'кс', y: yAs, z: 'з',
        }; // prettier-ignore
        out += one[m] ?? m;
      }
      i += m.length;
    }
    if (caps) return out.toUpperCase();
    return out.length > 0 && word[0] !== w[0] ? (out[0] as string).toUpperCase() + out.slice(1) : out;
  });
}

// ---- timestamps -----------------------------------------------------------------------------------------

/** The offset of Kyiv's clock from UTC at `ms`, in minutes (the tz database's, as a browser's clock has it). */
function kyivOffset(ms: number): number {
  const name = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Kiev', timeZoneName: 'longOffset' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d\d):(\d\d)/u.exec(name ?? '');
  if (m === null) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** A full ISO birth date as an export's timestamp, or null for a partial date. */
export function epochDate(birth: string, rand: () => number): string | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/u.exec(birth);
  if (m === null) return null;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const offset = kyivOffset(utc);
  const local = utc - offset * 60_000;
  const sign = offset < 0 ? '-' : '+';
  const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  const r = rand();
  if (r < 0.3) return String(utc);
  if (r < 0.5) return String(local);
  if (r < 0.65) return String(utc / 1000);
  if (r < 0.85) return `/Date(${local})/`;
  return `/Date(${local}${sign}${hhmm})/`;
}

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout12Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout12Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout12Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout12Class,
  rand: () => number,
): Holdout12Names {
  const clean = (): Holdout12Names => ({ ...base, birth, applied: 'clean' });
  const female = row.sex === 'female';
  // The Ukrainian forms of the fields the row writes (a field it leaves empty left empty).
  const uk: Rendered = {
    family: base.family === '' ? '' : p.familyUk,
    given: base.given === '' ? '' : p.givenUk,
    patronymic: base.patronymic === '' ? '' : p.patronymicUk,
  };
  const caps = (s: string, like: string): string =>
    like.length > 1 && like === like.toUpperCase() && like !== like.toLowerCase() ? s.toUpperCase() : s;
  switch (cls) {
    case 'belarusian': {
      const given = base.given === '' ? '' : (BY_GIVEN[p.givenKey] ?? belarusianSpelling(p.givenRu));
      const pat = BY_PATRONYMIC[p.fatherKey];
      const patronymic =
        base.patronymic === ''
          ? ''
          : pat !== undefined
            ? pat[female ? 1 : 0]
            : belarusianSpelling(
                p.patronymicRu.replace(/ович$/u, 'авич').replace(/овна$/u, 'аўна').replace(/евна$/u, 'еўна'),
              );
      const by: Rendered = { family: belarusianSpelling(p.familyRu), given, patronymic };
      if (rand() < 0.35) {
        // A Belarusian passport's Latin: no patronymic.
        return {
          family: caps(transliterate(by.family, BY_LATIN), base.family),
          given: transliterate(by.given, BY_LATIN),
          patronymic: '',
          birth,
          applied: cls,
        };
      }
      return {
        family: caps(by.family, base.family),
        given: by.given,
        patronymic: by.patronymic,
        birth,
        applied: cls,
      };
    }
    case 'baltic_czech': {
      const r = rand();
      if (female && r < 0.5) {
        // Czech: the passport's Latin, the surname made feminine; no patronymic.
        const family = endings(romanizeUkrainian(uk.family), czechFeminine);
        return {
          family: caps(family, base.family),
          given: romanizeUkrainian(uk.given),
          patronymic: '',
          birth,
          applied: cls,
        };
      }
      if (r < 0.75) {
        const lv = (s: string): string => transliterate(s, LV);
        const m = (s: string): string => (female ? s : endings(s, latvianMasculine));
        return {
          family: caps(m(lv(uk.family)), base.family),
          given: m(lv(uk.given)),
          patronymic: m(lv(uk.patronymic)),
          birth,
          applied: cls,
        };
      }
      const lt = (s: string): string => transliterate(s, LT);
      return {
        family: caps(
          female ? lt(uk.family) : endings(lt(uk.family), (w) => lithuanianMasculine(w, false)),
          base.family,
        ),
        given: female ? lt(uk.given) : endings(lt(uk.given), (w) => lithuanianMasculine(w, true)),
        patronymic: '',
        birth,
        applied: cls,
      };
    }
    case 'back_translit': {
      const hAs = rand() < 0.6 ? 'х' : 'г';
      const yAs = rand() < 0.6 ? 'ы' : 'и';
      const digraphs = rand() < 0.5;
      const back = (s: string): string => readBack(romanizeUkrainian(s), hAs, yAs, digraphs);
      const out: Rendered = {
        family: caps(back(uk.family), base.family),
        given: back(uk.given),
        patronymic: back(uk.patronymic),
      };
      if (out.family === base.family && out.given === base.given && out.patronymic === base.patronymic)
        return clean();
      return { ...out, birth, applied: cls };
    }
    case 'spelling_nl_sv': {
      const table = rand() < 0.6 ? NL : SV;
      return {
        family: caps(transliterate(uk.family, table), base.family),
        given: transliterate(uk.given, table),
        patronymic: transliterate(uk.patronymic, table),
        birth,
        applied: cls,
      };
    }
    case 'columns_natural': {
      if (base.patronymic === '' || base.given === '' || base.family === '') return clean();
      return { family: base.given, given: base.patronymic, patronymic: base.family, birth, applied: cls };
    }
    case 'date_epoch': {
      const b = epochDate(birth, rand);
      return b === null ? clean() : { ...base, birth: b, applied: cls };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Twelfth hold-out search queries (NOISE=holdout12 in eval:search): a target drawn uniformly, its names written by
 * one of the name classes a search box meets (belarusian, baltic_czech, back_translit, spelling_nl_sv; not
 * columns_natural, a search box has no columns, nor date_epoch, a search's birth is its own field), the patronymic
 * dropped in 40%, birth as in NOISE_RATES. Labels: `holdout12:<class>`, `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout12Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout12', prefix: 'h12', seed: (s: number) => s * 79 + 47 };
  const nameClasses: readonly Holdout12Class[] = [
    'belarusian',
    'baltic_czech',
    'back_translit',
    'spelling_nl_sv',
  ];
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT12_CLASSES, rand());
    if (!nameClasses.includes(cls)) cls = pickOne(nameClasses, rand);
    const base = renderNames(names, style, rand);
    if (base.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic) base.patronymic = '';
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout12Names(names, row, base, birth.birth, cls, rand);
    return {
      q: eitherOrder(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '',
    };
  });
}
