/**
 * Romanization of Ukrainian and Russian Cyrillic by the published standards, as summarized with their sources
 * in reference/names.md §5. Characters a table does not cover (Latin letters, digits, punctuation, other
 * Cyrillic letters) pass through unchanged. Pure functions; they never throw.
 */
import { isApostrophe } from './script.js';

/** The Russian romanization systems: ICAO Doc 9303 (passports since 2013), BGN/PCGN 1947, GOST 7.79-2000 B. */
export type RussianSystem = 'icao' | 'bgn' | 'gost';

const LETTER = /^[\p{L}\p{M}]$/u;
const CYRILLIC = /^\p{Script=Cyrillic}$/u;
/** Stress marks left after NFC on Cyrillic vowels (Оле́г); they are not part of the spelling. */
const STRESS = /[\u0300\u0301]/gu;

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && LETTER.test(ch);
}

function isCyrillicLetter(ch: string | undefined): boolean {
  return ch !== undefined && CYRILLIC.test(ch) && LETTER.test(ch);
}

function isUpper(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/**
 * Case a lowercase rendering like its source letter: lowercase stays; an uppercase letter is written in
 * capitals when the word around it is in capitals (ЩУКА → SHCHUKA) and in title case otherwise (Щука →
 * Shchuka, Щ. → Shch.).
 */
function applyCase(latin: string, chars: readonly string[], i: number): string {
  const ch = chars[i];
  if (!isUpper(ch) || latin === '') return latin;
  let next = i + 1;
  while (next < chars.length && isApostrophe(chars[next] as string)) next++;
  let prev = i - 1;
  while (prev >= 0 && isApostrophe(chars[prev] as string)) prev--;
  const nextChar = chars[next];
  const prevChar = chars[prev];
  const allCaps = isLetter(nextChar) ? isUpper(nextChar) : isLetter(prevChar) && isUpper(prevChar);
  if (allCaps) return latin.toUpperCase();
  return (latin[0] as string).toUpperCase() + latin.slice(1);
}

/** Whether position i starts a word: no letter and no apostrophe right before it (п'є is not word-initial). */
function atWordStart(chars: readonly string[], i: number): boolean {
  const prev = chars[i - 1];
  return prev === undefined || (!isLetter(prev) && !isApostrophe(prev));
}

/** Whether chars[i] is an apostrophe between two letters, the first of them Cyrillic (Знам'янка). */
function isInnerApostrophe(chars: readonly string[], i: number): boolean {
  return isApostrophe(chars[i] as string) && isCyrillicLetter(chars[i - 1]) && isLetter(chars[i + 1]);
}

/** KMU 2010 letters without a positional rule (lowercase; ь and the apostrophe are omitted). */
const KMU: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'y',
  і: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ь: '',
  // Outside the Ukrainian alphabet; the resolution is silent, so these follow ICAO Doc 9303, except ъ,
  // which does the apostrophe's job in Ukrainian spelling and is omitted like it.
  ё: 'e',
  ъ: '',
  ы: 'y',
  э: 'e',
};

/** KMU 2010 letters with a word-initial form: [at word start, elsewhere]. */
const KMU_POSITIONAL: Readonly<Record<string, readonly [string, string]>> = {
  є: ['ye', 'ie'],
  ї: ['yi', 'i'],
  й: ['y', 'i'],
  ю: ['yu', 'iu'],
  я: ['ya', 'ia'],
};

/**
 * Romanize Ukrainian by the national system of Cabinet of Ministers resolution No. 55 of 27 Jan 2010 (used in
 * passports since 2010; BGN/PCGN 2019): Є Ї Й Ю Я are Ye Yi Y Yu Ya at the start of a word (after a space,
 * hyphen or non-letter, not after an apostrophe) and ie i i iu ia elsewhere; зг is zgh; ь and the apostrophe
 * are omitted; capitals and title case are kept (ЩУКА → SHCHUKA, Щука → Shchuka).
 */
export function romanizeUkrainian(text: string): string {
  const chars = [...text.normalize('NFC').replace(STRESS, '')];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const lower = ch.toLowerCase();
    let latin: string | undefined;
    const positional = KMU_POSITIONAL[lower];
    if (positional !== undefined) {
      latin = atWordStart(chars, i) ? positional[0] : positional[1];
    } else if (lower === 'г' && chars[i - 1]?.toLowerCase() === 'з') {
      latin = 'gh';
    } else {
      latin = KMU[lower];
    }
    if (latin !== undefined) out += applyCase(latin, chars, i);
    else if (isInnerApostrophe(chars, i)) continue;
    else out += ch;
  }
  return out;
}

/** ICAO Doc 9303 (Russian column, with the Ukrainian letters of its Ukrainian column); no positional rules. */
const ICAO: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  ґ: 'g',
  є: 'ie',
  і: 'i',
  ї: 'i',
};

/** BGN/PCGN 1947 Russian (with the Ukrainian letters of BGN/PCGN 1965); е and ё are handled by position. */
const BGN: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '\u201D',
  ы: 'y',
  ь: '\u2019',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ґ: 'g',
  є: 'ye',
  і: 'i',
  ї: 'yi',
};

/** After these (or at word start) BGN/PCGN writes е as ye and ё as yë. */
const BGN_YE_AFTER = new Set([...'аеёиоуыэюяйъьіїє']);
/** ы and й before these take a middle dot in BGN/PCGN (y·a, not ya). */
const BGN_DOT_BEFORE = new Set([...'ауыэ']);
const BGN_VOWELS = new Set([...'аеёиоуыэюяіїє']);

/** GOST 7.79-2000 system B, Russian and Ukrainian; ц is decided by the next letter. */
const GOST: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'j',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'x',
  ч: 'ch',
  ш: 'sh',
  щ: 'shh',
  ъ: '``',
  ы: 'y`',
  ь: '`',
  э: 'e`',
  ю: 'yu',
  я: 'ya',
  ґ: 'g`',
  є: 'ye',
  і: 'i',
  ї: 'yi',
};

/** GOST 7.79-2000 B writes ц as c before these (е и ы й, and Ukrainian і), cz elsewhere. */
const GOST_C_BEFORE = new Set([...'еиыйі']);

/** One Russian letter (lowercase) in BGN/PCGN 1947, looking at its neighbours. */
function bgnLetter(lower: string, chars: readonly string[], i: number): string | undefined {
  const prev = chars[i - 1]?.toLowerCase();
  const next = chars[i + 1]?.toLowerCase();
  const yeContext = atWordStart(chars, i) || (prev !== undefined && BGN_YE_AFTER.has(prev));
  switch (lower) {
    case 'е':
      return yeContext ? 'ye' : 'e';
    case 'ё':
      return yeContext ? 'y\u00EB' : '\u00EB';
    case 'ы':
      // ·y after a vowel, y· before а у ы э; ыы is y··y cut to one dot (y·y).
      return (
        (prev !== undefined && prev !== 'ы' && BGN_VOWELS.has(prev) ? '\u00B7' : '') +
        (next !== undefined && BGN_DOT_BEFORE.has(next) ? 'y\u00B7' : 'y')
      );
    case 'й':
      return next !== undefined && BGN_DOT_BEFORE.has(next) ? 'y\u00B7' : 'y';
    case 'э':
      return prev !== undefined &&
        isCyrillicLetter(chars[i - 1]) &&
        !BGN_VOWELS.has(prev) &&
        !'йъь'.includes(prev)
        ? '\u00B7e'
        : 'e';
    case 'т':
      return next === 'с' ? 't\u00B7' : 't';
    case 'ш':
      return next === 'ч' ? 'sh\u00B7' : 'sh';
    default:
      return BGN[lower];
  }
}

/**
 * Romanize Russian by one of three systems (reference/names.md §5.2–5.4):
 * - 'icao': ICAO Doc 9303, prescribed for Russian passports by FMS order No. 320 (2012): ц ts, щ shch, ъ ie,
 *   ы y, ь omitted, ю iu, я ia, ё e, й i, х kh, э e; no positional rules; Ukrainian і ї є ґ → i i ie g.
 * - 'bgn': BGN/PCGN 1947: й y, ю yu, я ya, ё ë, ъ ”, ь ’; е → ye and ё → yë at word start and after a vowel,
 *   й, ъ or ь; middle dot in t·s, sh·ch, y· (ы or й before а у ы э), ·y (ы after a vowel), ·e (э after a
 *   consonant); Ukrainian є ї і ґ and the apostrophe by BGN/PCGN 1965 (ye yi i g, ”).
 * - 'gost': GOST 7.79-2000 system B (ASCII): ё yo, й j, х x, ц c before е и ы й (і) and cz elsewhere, щ shh,
 *   ъ ``, ы y`, ь `, э e`, ю yu, я ya; Ukrainian ґ g`, є ye, ї yi, і i, apostrophe ''.
 * Capitals and title case are kept (ЩУКИН → SHCHUKIN).
 */
export function romanizeRussian(text: string, system: RussianSystem): string {
  const chars = [...text.normalize('NFC').replace(STRESS, '')];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const lower = ch.toLowerCase();
    let latin: string | undefined;
    if (system === 'icao') {
      latin = ICAO[lower];
    } else if (system === 'bgn') {
      latin = bgnLetter(lower, chars, i);
    } else if (lower === 'ц') {
      const next = chars[i + 1]?.toLowerCase();
      latin = next !== undefined && GOST_C_BEFORE.has(next) ? 'c' : 'cz';
    } else {
      latin = GOST[lower];
    }
    if (latin !== undefined) {
      out += applyCase(latin, chars, i);
    } else if (isInnerApostrophe(chars, i)) {
      if (system === 'bgn') out += '\u201D';
      else if (system === 'gost') out += "''";
    } else {
      out += ch;
    }
  }
  return out;
}
