/**
 * A search query written as a Latvian or Lithuanian registry, or a Dutch or Swedish office, spells a Ukrainian
 * name (issue #11, hold-out 12 `baltic_czech`, `spelling_nl_sv`): "Vadims Mihajlovičs Suhins", "Stecanas
 * Ljubomyras", "Hnatjuks Svjatoslavs"; "Savtjytj Leonid Mykolajovytj", "Loekets Nazar Ljoebomyrovytsj", "Joerij
 * Melnyk". `readForeignFamily` (foreignFamily.ts) reads a family word alone, and only where the word leaves no
 * doubt (a record's keys rest on it); a query's given name and patronymic then stay unread (Vadims, Mihajlovičs,
 * Joerij, Mykolajovytj), and so does a surname whose letters alone prove nothing (Savtjuk, Suhins). As for
 * Romanian and Hungarian (localLatinText.ts), one word's sign says how the office spelt the whole name, and the
 * whole text is read so once more, beside the text as written, never instead of it. Pure.
 */
import { dutchSwedishLetters } from './foreignFamily.js';
import { fatherClassOfPatronymic, givenNameClassOf } from './givenNameIndex.js';

const MAX_WORD = 64;
/** Most words a text is read in: a name and what lists write beside it. */
const MAX_WORDS = 8;

/** Letters Latvian and Lithuanian write for Ukrainian ones and KMU never does (č for ч, ļ for ль, ė…). */
const BALTIC_MARK = /[čšžāēīūļņķģėųį]/u;
/** A word as Latvian or Lithuanian spells a Ukrainian name: their letters only. */
const BALTIC_WORD = /^[a-zčšžāēīūļņķģėųį]+$/u;
/** Letters neither Baltic office writes for a Ukrainian name, or another language's marks: the text is not theirs. */
const NOT_BALTIC = /[qwxłżźśćńąęßäöüőűáéíóúěřůôâîăşţ]|sch|sz|cz|kh|sh|zh/u;
/** Dutch or Swedish letters and marks neither writes for a Ukrainian name. */
const NOT_DUTCH_SWEDISH = /[qwxłżźśćńąęßäöüőűáéíóúěřůôâîăşţčšž]|sch|sz|cz|kh|sh|zh/u;

const known = (w: string): boolean => givenNameClassOf(w) !== null || fatherClassOfPatronymic(w) !== null;

/** A word read as written, else with an h read as х (kh), where that makes a name the tables know: both offices write х as h. */
function withKh(word: string): string {
  if (!/(?<![szck])h/u.test(word) || known(word)) return word;
  const kh = word.replace(/(?<![szck])h/gu, 'kh');
  return known(kh) ? kh : word;
}

/** A Latvian or Lithuanian word's letters as KMU-like Latin (lower case): č š ž as ch sh zh, c as ts, ch as kh, j as i. */
function balticLetters(w: string): string {
  return w
    .replace(/ch/gu, 'kh')
    .replace(/c(?!h)/gu, 'ts')
    .replace(/č/gu, 'ch')
    .replace(/š/gu, 'sh')
    .replace(/ž/gu, 'zh')
    .replace(/j/gu, 'i')
    .replace(/ļ/gu, 'l')
    .replace(/ņ/gu, 'n')
    .replace(/ķ/gu, 'k')
    .replace(/ģ/gu, 'g')
    .replace(/[āą]/gu, 'a')
    .replace(/[ēėę]/gu, 'e')
    .replace(/[īį]/gu, 'i')
    .replace(/[ūų]/gu, 'u');
}

/**
 * A Latvian or Lithuanian man's ending taken off (lower case): -ijs / -ijus for -ій (Anatolijs, Andrijus), -skis
 * for -ський, -enka for -енко (Ševčenka), -s or -as after a consonant (Vadims, Suhins, Melnykas, Ljubomyras), -us after one (Lithuanian given
 * names), the Latvian patronymic's -s (Mihajlovičs). A word the tables know as written (Taras, Denys) is left.
 */
function balticStem(w: string): string {
  if (known(w)) return w;
  if (/ij(?:u?s)$/u.test(w)) return w.replace(/ij(?:u?s)$/u, 'ij');
  if (/^\p{L}{2,}skis$/u.test(w)) return `${w.slice(0, -2)}yi`;
  if (/^\p{L}{3,}enka$/u.test(w)) return `${w.slice(0, -1)}o`;
  const m = /^(\p{L}{2,}[^aeiouyāēīūėųį])(?:a|u)?s$/u.exec(w);
  return m !== null ? (m[1] as string) : w;
}

/** A Latvian or Lithuanian word read as KMU-like Latin (lower case). */
const balticWord = (w: string): string => withKh(balticLetters(balticStem(w)));

/**
 * Whether a word the tables do not know ends as a Latvian or Lithuanian man's name does, -s or -as after a consonant
 * (Stecanas, Ljubomyras): two such words in one name show the spelling (Ukrainian names so ending, Karas, Lukas, are
 * one word of a name), where one alone proves nothing.
 */
function balticEnding(w: string): boolean {
  return BALTIC_WORD.test(w) && !known(w) && /^\p{L}{2,}[^aeiouyāēīūėųį](?:a|u)?s$/u.test(w);
}

/**
 * Whether a word shows Latvian or Lithuanian spelling beyond doubt: a Baltic mark (Mihajlovičs, Ševčenka), or a man's
 * ending on a given name or patronymic the tables know without it (Svjatoslavs, Timofijs, Oleksandras) that the
 * tables do not know with it (Taras and Denys are names as written).
 */
function balticSign(w: string): boolean {
  if (!BALTIC_WORD.test(w)) return false;
  if (BALTIC_MARK.test(w)) return true;
  if (known(w) || !/s$/u.test(w)) return false;
  return known(balticWord(w));
}

/**
 * A Dutch or Swedish word's letters as KMU-like Latin (lower case): sjtsj / sjtj as shch, tsj as ch (Dutch) or tj as
 * ch (Swedish: in a Dutch text tj is т before я, ю, є, Kostjantyn), ch as kh, sj as sh, zj as zh, joe as iu, oe as u,
 * a j left as i.
 */
function dutchSwedishWord(w: string, dutch: boolean): string {
  return withKh(dutchSwedishLetters(w, !dutch).replace(/j/gu, 'i'));
}

/**
 * Whether a word shows Dutch or Swedish spelling: tsj (ч, Pasitsjnyk), oe (у, Joerij, Tkatsjoek), tj for ч not
 * after s (Savtjuk, Mykolajovytj; German's stj for стю, Kostjuk, is left), sj or zj not after s, d or z (German
 * writes з, с before я, ю as s(s)j, dzj for дзю: Morosjak, Stassjuk).
 */
function dutchSwedishSign(w: string): boolean {
  if (!/^[a-z]+$/u.test(w) || known(w)) return false;
  return /tsj|oe|(?<!s)tj/u.test(w);
}

/**
 * A whole text (a search query) read in Latvian or Lithuanian Latin, and in Dutch or Swedish, every Latin word of it,
 * when one of its words shows that spelling (`balticSign`, `dutchSwedishSign`). Looser than `readForeignFamily`,
 * and meant as one more reading beside the text as written, never instead of it. Not when a word has letters the
 * office does not write (KMU's kh, sh, zh; Polish, German, Czech marks): the text is another spelling's; a word in
 * another script is left as it is; a word's first capital is kept. Empty when no word shows either spelling or
 * the reading changes nothing. Linear.
 */
export function foreignLatinReadings(text: string): string[] {
  const parts = text.slice(0, MAX_WORD * MAX_WORDS).split(/([^\p{L}'’ʼ-]+)/u);
  const latin = (w: string): boolean => /^[\p{Script=Latin}'’ʼ-]+$/u.test(w);
  const words = parts.filter((w, i) => i % 2 === 0 && latin(w)).map((w) => w.normalize('NFC').toLowerCase());
  if (words.length === 0 || words.length > MAX_WORDS) return [];
  const out: string[] = [];
  const rewrite = (read: (w: string) => string): void => {
    const next = parts
      .map((w, i) => {
        if (i % 2 === 1 || !latin(w)) return w;
        const r = read(w.normalize('NFC').toLowerCase());
        return /^\p{Lu}/u.test(w) ? r.charAt(0).toUpperCase() + r.slice(1) : r;
      })
      .join('');
    if (next !== text && !out.includes(next)) out.push(next);
  };
  // A text that shows Baltic spelling is read so alone: its tj is a Latvian тю (Hnatjuks), not a Swedish ч.
  if (
    !words.some((w) => NOT_BALTIC.test(w)) &&
    (words.some(balticSign) || words.filter(balticEnding).length >= 2)
  )
    rewrite(balticWord);
  else if (!words.some((w) => NOT_DUTCH_SWEDISH.test(w)) && words.some(dutchSwedishSign)) {
    // Dutch writes ч as tsj and у as oe; Swedish writes ч as tj and neither.
    const dutch = words.some((w) => /tsj|oe/u.test(w));
    rewrite((w) => dutchSwedishWord(w, dutch));
  }
  return out;
}
