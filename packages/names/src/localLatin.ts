/**
 * Names as an office in Romania or Moldova, or in Hungary, spells them from Ukrainian papers (issue #11, hold-out
 * 11): Romanian "Şevcenco", "Tcaciuc", "Petrovici", "Mîcola" (ч as c before e and i, ci before other letters, к as
 * c, и as î, ш as ş, ц as ţ); Hungarian "Petrovics", "Szerhijovics" (ч as cs, ж as zs, ш as s, с as sz, ц as c).
 * Such a word is rewritten in the KMU-like Latin the fold reads (Shevchenko, Tkachuk, Petrovych), only where it
 * shows its orthography beyond doubt: Romanian by î (the language's own names, Guţuleac, Brașovan, and OCR'd Latin
 * are left as they were read) or by the endings -enco, -ciuc and a patronymic's -ovici / -evici; Hungarian by a
 * patronymic's -ovics / -evics (a cs elsewhere may be a scanner's e read as c, or a Hungarian name's own spelling,
 * Kovács, which the tables key as written). A word of other letters (w, q, x, Polish or German marks) is left
 * alone. Pure.
 */

const MAX_TOKEN = 64;
const ROMANIAN = /î|(?:enco|ciuc|[oe]vi[cč]i)$/u;
const HUNGARIAN = /[oe]vics$/u;
/** The letters a Romanian spelling of a Ukrainian name uses: a word with others (mojibake's ë, ð, å) is none. */
export const ROMANIAN_LETTERS = /^[a-zîâăşșţț'’ʼ-]+$/u;
export const FOREIGN = /[wqxłżźśćńąęßäüšžčř]|sch|cz|rz|szc/u;

/** A Romanian spelling (lower case) read as KMU-like Latin. */
export function fromRomanian(w: string): string {
  return w
    .replace(/[şș]/gu, 'sh')
    .replace(/[ţț]/gu, 'ts')
    .replace(/[îâ]/gu, 'y')
    .replace(/ă/gu, 'a')
    .replace(/ch(?=[ei])/gu, 'k')
    .replace(/gh(?=[ei])/gu, 'g')
    .replace(/ci(?=[aou])/gu, 'ch')
    .replace(/ci$/u, 'ch')
    .replace(/c(?=[ei])/gu, 'ch')
    .replace(/c(?!h)/gu, 'k')
    .replace(/j/gu, 'zh');
}

/** A Hungarian spelling (lower case) read as KMU-like Latin. */
export function fromHungarian(w: string): string {
  return w
    .replace(/cs/gu, 'ch')
    .replace(/zs/gu, 'zh')
    .replace(/sz/gu, '§')
    .replace(/s(?!h)/gu, 'sh')
    .replace(/§/gu, 's')
    .replace(/c(?!h)/gu, 'ts')
    .replace(/j/gu, 'i');
}

/**
 * A Romanian or Hungarian spelling of a Ukrainian name as KMU-like Latin (lower case), or null when the word shows
 * neither orthography.
 */
export function readLocalLatin(word: string): string | null {
  const w = word.slice(0, MAX_TOKEN).normalize('NFC').toLowerCase();
  if (!/^[\p{Script=Latin}'’ʼ-]+$/u.test(w) || FOREIGN.test(w)) return null;
  if (ROMANIAN.test(w) && ROMANIAN_LETTERS.test(w)) return fromRomanian(w);
  if (HUNGARIAN.test(w)) return fromHungarian(w);
  return null;
}
