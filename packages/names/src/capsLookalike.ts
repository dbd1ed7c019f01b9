/**
 * A word in capitals made only of letters that look alike in Latin and Cyrillic ("TAPAC" for ТАРАС in Latin
 * letters, "OKCAHA", "KOCTEHKO", "ВIКTОP" half and half, "СНОМА" for Choma in Cyrillic letters):
 * `repairMixedScript` cannot tell its script (no letter without a look-alike to outvote), so it would be read
 * as written ("Tapac"). Such a word takes the script of the rest of the name: Cyrillic where the other words
 * are Cyrillic, Latin where they are Latin unless its letter pairs (names/letterPairs.ts) read far better as a
 * Cyrillic name. With no such word beside it, or both scripts, its letter pairs decide, and only when one reading
 * is far more name-like than the other; a real Latin name (KOCH, EMMA, HAMM, MACHT, TOMAS) stays Latin. Only
 * capitals: in lower case the look-alikes are few and `repairMixedScript` reads them. Pure; no I/O.
 */
import { letterPairScore } from './letterPairs.js';
import { memoize } from './memo.js';
import { CAPITAL_LOOKALIKES } from './script.js';

/** Latin capitals that look like Cyrillic ones, and back (У in capitals is typed as Y): script.ts's table. */
const TO_CYRILLIC: Readonly<Record<string, string>> = Object.fromEntries(CAPITAL_LOOKALIKES);
const TO_LATIN: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(TO_CYRILLIC).map(([l, c]) => [c, l]),
);

/** Two letters or more (a lone capital is an initial, left as written), every one a look-alike capital. */
const LOOKALIKE = `[${[...CAPITAL_LOOKALIKES].flat().join('')}]`;
const CAPS_WORD = new RegExp(`^${LOOKALIKE}{2,}(?:['-]${LOOKALIKE}+)*$`, 'u');
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/** Read from its letters alone, a word must be this long … */
const LONE_LETTERS = 4;
/** … and read this much better per letter pair in one script than in the other (log-probability). */
const LONE_GAIN = 1;

/** Whether a token is a word of look-alike capitals only (either script, or both). */
export function isCapsLookalike(token: string): boolean {
  return CAPS_WORD.test(token);
}

/** A word of look-alike capitals in Cyrillic and in Latin letters; null when the token is not one. */
export function capsReadings(token: string): { cyrillic: string; latin: string } | null {
  if (!CAPS_WORD.test(token)) return null;
  return {
    cyrillic: [...token].map((ch) => TO_CYRILLIC[ch] ?? ch).join(''),
    latin: [...token].map((ch) => TO_LATIN[ch] ?? ch).join(''),
  };
}

/** Per letter pair, how much better a look-alike capitals word reads as a Cyrillic name than as a Latin one. */
const cyrillicGain: (token: string) => number = memoize((token) => {
  const r = capsReadings(token);
  if (r === null || token.replace(/['-]/gu, '').length < LONE_LETTERS) return 0;
  const latin = letterPairScore(r.latin, 'latin');
  const cyr = letterPairScore(r.cyrillic, 'cyrillic');
  return (cyr.logP - latin.logP) / latin.pairs;
});

/** The script the words of a name other than look-alike capitals are in. */
export type NameContext = { cyrillic: boolean; latin: boolean };

/** Which scripts the tokens that are not look-alike capitals have letters of. */
export function nameContext(tokens: readonly string[]): NameContext {
  const others = tokens.filter((t) => !CAPS_WORD.test(t));
  return { cyrillic: others.some((t) => CYRILLIC.test(t)), latin: others.some((t) => LATIN.test(t)) };
}

/**
 * The tokens of one name (already repaired by `repairMixedScript`) with each look-alike capitals word written
 * in the script it is read in (see the module's head); other tokens as they are, the same array when there is
 * none. `context` is the scripts of the name's other words (by default: of `tokens`), for a name whose fields
 * are read apart.
 */
export function readCapsLookalikes(
  tokens: readonly string[],
  context: NameContext = nameContext(tokens),
): readonly string[] {
  if (!tokens.some((t) => CAPS_WORD.test(t))) return tokens;
  return tokens.map((t) => {
    const r = capsReadings(t);
    if (r === null) return t;
    const gain = cyrillicGain(t);
    if (context.cyrillic && !context.latin) return r.cyrillic;
    if (context.latin && !context.cyrillic) return gain >= LONE_GAIN ? r.cyrillic : r.latin;
    if (gain >= LONE_GAIN) return r.cyrillic;
    if (gain <= -LONE_GAIN) return r.latin;
    return t;
  });
}
