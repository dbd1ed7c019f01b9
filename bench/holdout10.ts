/**
 * The tenth hold-out noise model (issue #11, `--noise holdout10` in simulate:link, NOISE=holdout10 in eval:search),
 * for the realistic population and the mixed one (`--profile mixed`): ways real lists write a name or a birth date
 * that none of the nine earlier models (bench/holdout.ts … holdout9.ts) writes. Written from how such lists look
 * (a parish's or an old registry's church forms of a name, a web form that posts Cyrillic through a Latin-1 page,
 * a narrow form with one box for the name and the father's initial, the older Ukrainian and the spoken Russian
 * patronymics, an OCR'd date, a Roman month typed on a Cyrillic keyboard, a merged file whose columns came from
 * two sources), not from the code; a fix must be right for the kind of input, not for this generator. Its tables
 * are its own.
 *
 * What the earlier models already write and this one does not repeat: the Russian form of the given name
 * (holdout `ru_given`, holdout3 `russified`), apostrophe signs (holdout `apostrophe`, holdout5 `apostrophe_odd`),
 * invisible characters (holdout3 `invisible`), styled and full-width letters and no-break spaces (holdout8
 * `styled_letters`), the given name and the patronymic in one cell (holdout2 `given_patronymic`), initials
 * (holdout `initials`, holdout6 `initials_cell`), the patronymic cut short (holdout4 `patronymic_short`), the
 * father's name for the patronymic (holdout9 `father_name`), Roman months in Latin capitals (holdout5
 * `date_forms`), OCR digits in a name (holdout7 `ocr_digits`), a whole row in one romanization (the background).
 *
 * Each record or query carries one class (HOLDOUT10_CLASSES) on top of the usual background. Deterministic: all
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

/** The classes and their shares. */
export const HOLDOUT10_CLASSES = {
  /**
   * The given name in its church (baptismal) or old official form, as a parish's, a chaplain's or an old
   * registry's list writes it: "Іоанн" / "Иоанн" for Іван, "Феодор" for Федір, "Алексій" for Олексій, "Стефан",
   * "Симеон", "Іаков", "Димитрій", "Матфей", "Іосиф", "Єлена", "Іулія", "Татіана", "Єкатерина"; in Latin as
   * such a list is romanized ("Ioann", "Dimitrii"). Clean for a given name with no church form apart from its own.
   */
  church_form: 0.15,
  /**
   * The names as a web page or a JSON export left them escaped: every Cyrillic letter as an HTML numeric
   * reference (a form posted through a Latin-1 page: "&#1050;&#1086;&#1074;…", or "&#x41a;…"), as a JSON
   * "\u041a\u043e…" escape, or, in a Latin name, the apostrophe as "&#39;", "&rsquo;", "&apos;" or "\'".
   * Clean for a Latin row with no apostrophe.
   */
  web_escaped: 0.15,
  /**
   * The father's initial written after the given name in its cell, the patronymic's cell empty, as a narrow
   * form ("Ім'я, ініціал по батькові") or a staff list does: "Андрій П.", "Андрій П", "Андрій.П.", "Andrii P.".
   * Clean when the row has no patronymic.
   */
  given_initial: 0.15,
  /**
   * The patronymic in an older or a spoken form: the Ukrainian -ієвич / -євич of names in -ій / -ай ("Андрієвич",
   * "Сергієвич", "Миколаєвич" for Андрійович, Сергійович, Миколайович), the Russian -иевич of names in -ий
   * ("Юриевич", "Василиевич"), and the Russian spoken contraction ("Николаич", "Алексеич", "Иваныч", "Палыч",
   * "Сергеевна" → "Сергевна", "Николаевна" → "Николавна"); in Latin as romanized ("Andriievych", "Nikolaich").
   * Clean where none applies.
   */
  patronymic_old: 0.15,
  /**
   * A full birth date OCR'd or typed with letters for digits: 0 as a Latin or Cyrillic O, 1 as l, I or a Cyrillic
   * І, 3 as З, 5 as S, 6 as б, 8 as B, one or two of them ("12.O3.1991", "1З.03.199l"). Clean for a date with no
   * such digit.
   */
  date_ocr: 0.15,
  /**
   * A Roman month typed on a Cyrillic keyboard or in lower case: Cyrillic І and Х ("12.ІІІ.1991", "05.ХІ.1987"),
   * a Latin V beside Cyrillic І ("12.ІV.1991"), lower case ("12.iii.1991"), dashes, slashes or spaces, a
   * two-digit year ("12-ІІІ-91"). Clean for a partial date.
   */
  date_roman_cyr: 0.1,
  /**
   * Each field in the script of the file it came from, as a list merged from a passport scan and a hand-typed
   * register has it: the surname in Latin (KMU) and the given name and patronymic in Cyrillic, or the other way
   * round ("Kovalenko | Андрій | Петрович", "Коваленко | Andrii | Petrovych").
   */
  script_per_field: 0.15,
} as const;
export type Holdout10Class = keyof typeof HOLDOUT10_CLASSES;

const CYRILLIC = /[\u0400-\u04ff]/u;

// ---- church forms ---------------------------------------------------------------------------------------

/** Church (baptismal) forms by class id: Ukrainian-letter, Russian-letter and Latin spellings. */
const CHURCH: Readonly<Record<string, { cyr: readonly string[]; latin: readonly string[] }>> = {
  ivan: { cyr: ['Іоанн', 'Иоанн', 'Іоан'], latin: ['Ioann', 'Ioan'] },
  fedir: { cyr: ['Феодор'], latin: ['Feodor'] },
  oleksii: { cyr: ['Алексій', 'Алексий'], latin: ['Aleksii', 'Aleksij'] },
  stepan: { cyr: ['Стефан'], latin: ['Stefan'] },
  semen: { cyr: ['Симеон'], latin: ['Simeon'] },
  yakiv: { cyr: ['Іаков', 'Иаков'], latin: ['Iakov'] },
  dmytro: { cyr: ['Димитрій', 'Димитрий'], latin: ['Dimitrii', 'Dimitrij'] },
  serhii: { cyr: ['Сергий'], latin: ['Sergii'] },
  matvii: { cyr: ['Матфей', 'Матфій'], latin: ['Matfei'] },
  yosyp: { cyr: ['Іосиф'], latin: ['Iosif'] },
  illia: { cyr: ['Ілія', 'Илия'], latin: ['Iliia', 'Ilija'] },
  danylo: { cyr: ['Даниїл'], latin: ['Daniil'] },
  opanas: { cyr: ['Афанасій'], latin: ['Afanasii'] },
  pylyp: { cyr: ['Філіпп'], latin: ['Filipp'] },
  kuzma: { cyr: ['Косма'], latin: ['Kosma'] },
  mykhailo: { cyr: ['Михаїл'], latin: ['Mikhail'] },
  olena: { cyr: ['Єлена', 'Елена'], latin: ['Elena', 'Yelena'] },
  yuliia: { cyr: ['Іулія', 'Иулия'], latin: ['Iuliia'] },
  tetiana: { cyr: ['Татіана', 'Татиана'], latin: ['Tatiana'] },
  kateryna: { cyr: ['Єкатерина', 'Екатерина'], latin: ['Ekaterina', 'Yekaterina'] },
};

// ---- escaped text ---------------------------------------------------------------------------------------

function escapeCyrillic(text: string, how: 'dec' | 'hex' | 'json'): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out += ch;
    else if (how === 'dec') out += `&#${c};`;
    else if (how === 'hex') out += `&#x${c.toString(16)};`;
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out;
}

const APOSTROPHE = /['’ʼ`]/u;
const APOSTROPHES = /['’ʼ`]/gu;

// ---- old and spoken patronymics -------------------------------------------------------------------------

/** An older or spoken form of a patronymic, or null where none applies. */
export function oldPatronymic(patronymic: string): string | null {
  const rules: [RegExp, string][] = [
    // Ukrainian: the -ієвич / -євич of names in -ій / -ай (Андрієвич, Миколаєвич).
    [/ійович$/u, 'ієвич'],
    [/айович$/u, 'аєвич'],
    // Russian: -иевич / -иевна of names in -ий written by the older rule (Юриевич, Василиевич).
    [/ьевич$/u, 'иевич'],
    [/ьевна$/u, 'иевна'],
    // Russian spoken contractions.
    [/аевич$/u, 'аич'],
    [/еевич$/u, 'еич'],
    [/^Иванович$/u, 'Иваныч'],
    [/^Павлович$/u, 'Палыч'],
    [/^Михайлович$/u, 'Михалыч'],
    [/^Степанович$/u, 'Степаныч'],
    [/аевна$/u, 'авна'],
    [/еевна$/u, 'евна'],
    // The same in KMU / ICAO Latin.
    [/iiovych$/u, 'iievych'],
    [/aiovych$/u, 'aievych'],
    [/eevich$/u, 'eich'],
    [/aevich$/u, 'aich'],
  ];
  for (const [re, to] of rules) {
    if (!re.test(patronymic)) continue;
    const out = patronymic.replace(re, to);
    return out === patronymic ? null : out;
  }
  return null;
}

// ---- dates ----------------------------------------------------------------------------------------------

const OCR_FOR: Readonly<Record<string, readonly string[]>> = {
  '0': ['O', 'О', 'o'],
  '1': ['l', 'I', 'І'],
  '3': ['З'],
  '5': ['S'],
  '6': ['б'],
  '8': ['B'],
};

/** A full date (DD.MM.YYYY) with one or two digits read as letters, or null when it has no such digit. */
export function ocrDate(birth: string, rand: () => number): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  if (m === null) return null;
  const text = [...`${m[3]}.${m[2]}.${m[1]}`];
  const at = text.flatMap((ch, i) => (OCR_FOR[ch] === undefined ? [] : [i]));
  if (at.length === 0) return null;
  const n = at.length > 1 && rand() < 0.3 ? 2 : 1;
  for (let k = 0; k < n; k++) {
    const i = at.splice(Math.floor(rand() * at.length), 1)[0] as number;
    text[i] = pickOne(OCR_FOR[text[i] as string] as readonly string[], rand);
  }
  return text.join('');
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** A full date with a Roman month typed in Cyrillic letters or lower case, or null for a partial date. */
export function romanCyrillic(birth: string, rand: () => number): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  if (m === null) return null;
  const roman = ROMAN[Number(m[2]) - 1] as string;
  const r = rand();
  const month =
    r < 0.7
      ? roman.replace(/I/gu, 'І').replace(/X/gu, 'Х')
      : r < 0.85
        ? roman.toLowerCase()
        : roman.replace(/I/gu, 'І');
  const day = rand() < 0.3 ? String(Number(m[3])) : (m[3] as string);
  const year = rand() < 0.2 ? (m[1] as string).slice(2) : (m[1] as string);
  const sep = pickOne(['.', '.', '-', '/', ' '], rand);
  return `${day}${sep}${month}${sep}${year}`;
}

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout10Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout10Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout10Names(
  p: PersonNames,
  _row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout10Class,
  rand: () => number,
): Holdout10Names {
  const clean = (): Holdout10Names => ({ ...base, birth, applied: 'clean' });
  const latin = !CYRILLIC.test(`${base.family}${base.given}`);
  switch (cls) {
    case 'church_form': {
      const forms = CHURCH[p.givenKey];
      if (forms === undefined || base.given === '') return clean();
      const given = pickOne(latin ? forms.latin : forms.cyr, rand);
      return given === base.given ? clean() : { ...base, given, birth, applied: cls };
    }
    case 'web_escaped': {
      if (latin) {
        const fields = ['family', 'given', 'patronymic'] as const;
        if (!fields.some((f) => APOSTROPHE.test(base[f]))) return clean();
        const to = pickOne(['&#39;', '&rsquo;', '&apos;', "\\'", '&#8217;'], rand);
        const out = { ...base };
        for (const f of fields) out[f] = base[f].replace(APOSTROPHES, to);
        return { ...out, birth, applied: cls };
      }
      const r = rand();
      const how = r < 0.6 ? 'dec' : r < 0.75 ? 'hex' : 'json';
      return {
        family: escapeCyrillic(base.family, how),
        given: escapeCyrillic(base.given, how),
        patronymic: escapeCyrillic(base.patronymic, how),
        birth,
        applied: cls,
      };
    }
    case 'given_initial': {
      const first = [...base.patronymic][0];
      if (first === undefined || base.given === '') return clean();
      const given = pickOne(
        [
          `${base.given} ${first}.`,
          `${base.given} ${first}.`,
          `${base.given} ${first}`,
          `${base.given}.${first}.`,
        ],
        rand,
      );
      return { ...base, given, patronymic: '', birth, applied: cls };
    }
    case 'patronymic_old': {
      if (base.patronymic === '') return clean();
      const old = oldPatronymic(base.patronymic);
      return old === null ? clean() : { ...base, patronymic: old, birth, applied: cls };
    }
    case 'date_ocr': {
      const b = ocrDate(birth, rand);
      return b === null ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'date_roman_cyr': {
      const b = romanCyrillic(birth, rand);
      return b === null ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'script_per_field': {
      if (base.given === '' || base.family === '') return clean();
      const given = romanizeUkrainian(p.givenUk);
      const family = romanizeUkrainian(p.familyUk);
      const patronymic = base.patronymic === '' ? '' : romanizeUkrainian(p.patronymicUk);
      // A Latin row gets a Cyrillic surname (from the register), a Cyrillic one a Latin surname (from a passport)
      // or, a third of the time, Latin given name and patronymic.
      if (latin) return { ...base, family: p.familyUk, birth, applied: cls };
      return rand() < 0.67
        ? { ...base, family, birth, applied: cls }
        : { ...base, given, patronymic, birth, applied: cls };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Tenth hold-out search queries (NOISE=holdout10 in eval:search): a target drawn uniformly, its names written by
 * one of the name classes a search box meets (church_form, web_escaped, given_initial, patronymic_old,
 * script_per_field; not the date ones, a search's birth is its own ISO field), the patronymic dropped in 40%
 * (not for patronymic_old or given_initial), birth as in NOISE_RATES. Labels: `holdout10:<class>`,
 * `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout10Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout10', prefix: 'h10', seed: (s: number) => s * 71 + 41 };
  const nameClasses: readonly Holdout10Class[] = [
    'church_form',
    'web_escaped',
    'given_initial',
    'patronymic_old',
    'script_per_field',
  ];
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT10_CLASSES, rand());
    if (!nameClasses.includes(cls)) cls = pickOne(nameClasses, rand);
    const base = renderNames(names, style, rand);
    const keep = cls === 'patronymic_old' || cls === 'given_initial';
    if (!keep && base.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic) base.patronymic = '';
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout10Names(names, row, base, birth.birth, cls, rand);
    return {
      q: eitherOrder(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '',
    };
  });
}
