/**
 * A word in capitals made only of Latin letters that look like Cyrillic ones ("TAPAC" for ТАРАС, "OKCAHA",
 * "KOCTEHKO"): `repairMixedScript` leaves it alone (no Cyrillic letter in it to outvote), so it would be read as
 * the Latin "Tapac". Read as Cyrillic when the name around it is Cyrillic, or when its letter pairs
 * (names/letterPairs.ts) read far better as a Cyrillic name than as a Latin one; a real Latin name (KOCH, EMMA,
 * HAMM, MACHT, TOMAS, MARCO) stays Latin. Pure; no I/O.
 */
import { letterPairScore } from './letterPairs.js';
import { memoize } from './memo.js';

/** Latin capitals that look like Cyrillic ones (Y is left out: У has a tail in print, Y reads as Latin). */
const CAPS_TO_CYRILLIC: Readonly<Record<string, string>> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  I: 'І',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
};

/** Two letters or more (a lone capital is an initial, left as written). */
const CAPS_WORD = /^[ABCEHIKMOPTX]{2,}(?:['-][ABCEHIKMOPTX]+)*$/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** Alone (no Cyrillic word beside it), a word must be this long … */
const LONE_LETTERS = 4;
/** … and read this much better per letter pair as Cyrillic than as Latin (log-probability). */
const LONE_GAIN = 1;

/** The Cyrillic reading of an all-look-alike capitals word, or null when the token is not one. */
export function capsCyrillicReading(token: string): string | null {
  if (!CAPS_WORD.test(token)) return null;
  return [...token].map((ch) => CAPS_TO_CYRILLIC[ch] ?? ch).join('');
}

/** Whether an all-look-alike capitals word reads as a Cyrillic name on its letter pairs alone. */
const readsCyrillicAlone: (token: string) => boolean = memoize((token) => {
  const cyrillic = capsCyrillicReading(token);
  if (cyrillic === null || token.replace(/['-]/gu, '').length < LONE_LETTERS) return false;
  const latin = letterPairScore(token, 'latin');
  const cyr = letterPairScore(cyrillic, 'cyrillic');
  return (cyr.logP - latin.logP) / latin.pairs >= LONE_GAIN;
});

/**
 * The tokens of one name (already repaired by `repairMixedScript`) with each all-look-alike capitals word read
 * as Cyrillic where another token of the name has a Cyrillic letter ("TAPAC ШЕВЧЕНКО"), or where its letter
 * pairs alone say so ("TAPAC", "OKCAHA"). Other tokens are returned as they are; the same array when nothing
 * changes. `context` says whether the name has a Cyrillic word (by default: one of `tokens`), for a name
 * whose fields are read apart.
 */
export function readCapsLookalikes(
  tokens: readonly string[],
  context: boolean = hasCyrillic(tokens),
): readonly string[] {
  if (!tokens.some((t) => capsCyrillicReading(t) !== null)) return tokens;
  return tokens.map((t) => {
    const cyrillic = capsCyrillicReading(t);
    if (cyrillic === null) return t;
    return context || readsCyrillicAlone(t) ? cyrillic : t;
  });
}

/** Whether any of the tokens has a Cyrillic letter. */
export function hasCyrillic(tokens: readonly string[]): boolean {
  return tokens.some((t) => CYRILLIC.test(t));
}
