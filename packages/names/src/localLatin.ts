/**
 * Names as an office in Romania or Moldova, or in Hungary, spells them from Ukrainian papers (issue #11, hold-out
 * 11): Romanian "Şevcenco", "Tcaciuc", "Petrovici", "Mîcola" (ч as c before e and i, ci before other letters, к as
 * c, и as î, ш as ş, ц as ţ); Hungarian "Sevcsenko", "Kovalcsuk", "Petrovics" (ч as cs, ж as zs, ш as s, с as
 * sz, ц as c). Such a word is rewritten in the KMU-like Latin the fold reads (Shevchenko, Tkachuk, Petrovych), only
 * where it shows its orthography: Romanian by î, ţ, ț, ș or ă, or by the endings -enco, -ciuc, -ici; Hungarian by
 * cs (no other tradition a list uses writes it; -ovics, -evics too), not after l (a scanner's lc for k). A word of
 * other letters (w, q, x, Polish or German marks, Polish szc) is left alone; so is a Hungarian word without a cs
 * ("Olekszandr", whose sz is Polish ш too) or with lcs only ("Kovalcsuk"). Pure.
 */

const MAX_TOKEN = 64;
const ROMANIAN = /[îţțșă]|(?:enco|ciuc|ici)$/u;
// Not zs alone: a skeleton writes з or ц before с as zs, and a skeleton must read as itself. Not lcs: a scanner
// reads k as lc (Olelcsandr), which the fold reads back; nor csh, a typist's tsch.
const HUNGARIAN = /(?<!l)cs(?!h)/u;
const FOREIGN = /[wqxłżźśćńąęßäüšžčř]|sch|cz|rz|szc/u;

/** A Romanian spelling read as KMU-like Latin. */
function fromRomanian(w: string): string {
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

/** A Hungarian spelling read as KMU-like Latin. */
function fromHungarian(w: string): string {
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
  if (ROMANIAN.test(w)) return fromRomanian(w);
  if (HUNGARIAN.test(w)) return fromHungarian(w);
  return null;
}
