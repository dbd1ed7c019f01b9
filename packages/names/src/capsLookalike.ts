/**
 * A word in capitals made only of letters that look alike in Latin and Cyrillic ("TAPAC" for ТАРАС in Latin
 * letters, "OKCAHA", "KOCTEHKO", "ВIКTОP" half and half, "СНОМА" for Choma in Cyrillic letters):
 * `repairMixedScript` cannot tell its script (no letter without a look-alike to outvote), so it would be read
 * as written ("Tapac"). Such a word takes the script of the rest of the name: Cyrillic where the other words
 * are Cyrillic, Latin where they are Latin unless its letter pairs (names/letterPairs.ts) read far better as a
 * Cyrillic name. With no such word beside it, or both scripts, its letter pairs decide, and only when one reading
 * is far more name-like than the other; a real Latin name (KOCH, EMMA, HAMM, MACHT, TOMAS) stays Latin.
 *
 * A word of look-alikes not all in capitals ("Tapac", "tapac"; "Okcaha", capitals re-cased by a program: see
 * script.ts's LOWER_LOOKALIKES) is read more warily, from the script it is written in: a Latin one turns Cyrillic
 * beside Cyrillic words (unless its letter pairs read far better as Latin), or with neither script beside it when
 * its Cyrillic reading is a name of the tables (Тарас, Оксана, Іванівна) and its letter pairs do not say Latin;
 * beside Latin words it stays Latin (the letter pairs are of Slavic names and their romanizations, and read Pace,
 * Cocco, Cox as Cyrillic). A Cyrillic one turns Latin only beside Latin words where its letter pairs read far
 * better as Latin. A lone look-alike letter (an initial) counts as neither script. Pure; no I/O.
 */
import { isTableName, letterPairScore } from './letterPairs.js';
import { memoize } from './memo.js';
import { CAPITAL_LOOKALIKES, LOWER_LOOKALIKES } from './script.js';

/** Latin letters that look like Cyrillic ones, and back (У in capitals is typed as Y): script.ts's tables. */
const TO_CYRILLIC: Readonly<Record<string, string>> = Object.fromEntries([
  ...CAPITAL_LOOKALIKES,
  ...LOWER_LOOKALIKES,
]);
const TO_LATIN: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(TO_CYRILLIC).map(([l, c]) => [c, l]),
);

/** Two letters or more (a lone capital is an initial, left as written), every one a look-alike capital. */
const LOOKALIKE = `[${[...CAPITAL_LOOKALIKES].flat().join('')}]`;
const CAPS_WORD = new RegExp(`^${LOOKALIKE}{2,}(?:['-]${LOOKALIKE}+)*$`, 'u');
/** The same in any case: every letter a look-alike capital or a look-alike lower-case letter. */
const ANY_CASE = `[${[...CAPITAL_LOOKALIKES, ...LOWER_LOOKALIKES].flat().join('')}]`;
const LOOKALIKE_WORD = new RegExp(`^${ANY_CASE}{2,}(?:['-]${ANY_CASE}+)*$`, 'u');
/** A lone look-alike letter (an initial, any case): of neither script. */
const LOOKALIKE_LETTER = new RegExp(`^${ANY_CASE}$`, 'u');
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

/** A word of look-alikes (any case) in Cyrillic and in Latin letters; null when the token is not one. */
export function capsReadings(token: string): { cyrillic: string; latin: string } | null {
  if (!LOOKALIKE_WORD.test(token)) return null;
  return {
    cyrillic: [...token].map((ch) => TO_CYRILLIC[ch] ?? ch).join(''),
    latin: [...token].map((ch) => TO_LATIN[ch] ?? ch).join(''),
  };
}

/** Per letter pair, how much better a look-alike word reads as a Cyrillic name than as a Latin one. */
const cyrillicGain: (token: string) => number = memoize((token) => {
  const r = capsReadings(token);
  if (r === null || token.replace(/['-]/gu, '').length < LONE_LETTERS) return 0;
  const latin = letterPairScore(r.latin, 'latin');
  const cyr = letterPairScore(r.cyrillic, 'cyrillic');
  return (cyr.logP - latin.logP) / latin.pairs;
});

/** The script the words of a name other than look-alike words are in. */
export type NameContext = { cyrillic: boolean; latin: boolean };

/** Which scripts the tokens that are not look-alike words (or lone look-alike letters) have letters of. */
export function nameContext(tokens: readonly string[]): NameContext {
  const others = tokens.filter((t) => !LOOKALIKE_WORD.test(t) && !LOOKALIKE_LETTER.test(t));
  return { cyrillic: others.some((t) => CYRILLIC.test(t)), latin: others.some((t) => LATIN.test(t)) };
}

/** A look-alike capitals word in the script it is read in (see the module's head). */
function readCaps(t: string, r: { cyrillic: string; latin: string }, context: NameContext): string {
  const gain = cyrillicGain(t);
  if (context.cyrillic && !context.latin) return r.cyrillic;
  if (context.latin && !context.cyrillic) return gain >= LONE_GAIN ? r.cyrillic : r.latin;
  if (gain >= LONE_GAIN) return r.cyrillic;
  if (gain <= -LONE_GAIN) return r.latin;
  return t;
}

/** A look-alike word not all in capitals, in the script it is read in (see the module's head). */
function readLower(t: string, r: { cyrillic: string; latin: string }, context: NameContext): string {
  const gain = cyrillicGain(t);
  const cyrillicOnly = context.cyrillic && !context.latin;
  const latinOnly = context.latin && !context.cyrillic;
  if (LATIN.test(t)) {
    if (cyrillicOnly) return gain <= -LONE_GAIN ? t : r.cyrillic;
    if (latinOnly) return t;
    return gain >= 0 && isTableName(r.cyrillic) ? r.cyrillic : t;
  }
  return latinOnly && gain <= -LONE_GAIN ? r.latin : t;
}

/**
 * The tokens of one name (already repaired by `repairMixedScript`) with each look-alike word written in the
 * script it is read in (see the module's head); other tokens as they are, the same array when there is none.
 * `context` is the scripts of the name's other words (by default: of `tokens`), for a name whose fields are
 * read apart.
 */
export function readCapsLookalikes(
  tokens: readonly string[],
  context: NameContext = nameContext(tokens),
): readonly string[] {
  if (!tokens.some((t) => LOOKALIKE_WORD.test(t))) return tokens;
  return tokens.map((t) => {
    const r = capsReadings(t);
    if (r === null) return t;
    return CAPS_WORD.test(t) ? readCaps(t, r, context) : readLower(t, r, context);
  });
}
