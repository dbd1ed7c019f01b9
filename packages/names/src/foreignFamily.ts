/**
 * A family name as a Belarusian list, a Czech, Latvian or Lithuanian registry, or a Dutch or Swedish office writes
 * a Ukrainian one (issue #11, hold-out 12), read as the Ukrainian surname it stands for — only where the word's
 * letters prove the writing, never on a bare ending a Ukrainian, Russian, Polish or Hungarian surname also has:
 * - Belarusian -енка for -енко, in a word with ў, э after ж ш ч ц р, or і beside ы (Шаўчэнка, Кравчэнка); a bare
 *   -енка (Юрченка, a genitive; Іваненка) is left; in Latin only with ў as u after a or e (Shauchenka:
 *   Shavchenko), not Yurchenka, Bandarenka;
 * - a Czech woman's -ová (Kovalenková: Kovalenko; Melnyková: Melnyk; Boiková: Boiko), of a Russian -ova, -eva
 *   where the stem shows it (Kozlovová: Kozlova);
 * - a Latvian -s or Lithuanian -as after a Ukrainian surname's stem (-uk, -ak, -yk/-ik, -yn, -ov/-ev, -yč/-ič:
 *   Kovaļčuks, Melnykas, Fedorovs, Petrovičs), -in only beside a Baltic mark (Fedišins; Collins and Salinas stay),
 *   -skis for -skyi (Lenskis), -enka for -enko beside a Baltic mark (Ševčenka); Lukas, Taras, Karas, Hungarian
 *   -cs (Kovács, Harecs) stay;
 * - Dutch tsj, sj, zj, oe, ch (Sjevtsjenko, Tkatsjoek, Zjoelorenko, Petroek: see `fromDutchSwedish` for the proof;
 *   not German's sj, dsj, zj for зя, сю, дзю, цю, Morosjak, Stassjuk, Dsjubuk, Luzjuk, nor a typo's Kusjnir),
 *   Swedish tj beside sj (Sjevtjenko) and -tjenko (Kravtjenko); a word with ö or other marks (Sjöberg), Kostjuk and
 *   Hoek stay.
 * Returns the word in lower-case Latin or Cyrillic as the fold reads it, or null when it shows none of these. Pure.
 */

const MAX_TOKEN = 64;

const BELARUSIAN = /ў|[жшчцр]э|і.*ы|ы.*і/u;
/** Belarusian Latin's ў after a vowel: u after a or e, before a consonant (Shauchenka, Leuchenka). */
const BELARUSIAN_U = /([ae])u(?=[bcdfghjklmnpqrstvwxz])/u;
const BALTIC_MARK = /[čšžāēīūļņķģėųį]/u;
const BALTIC_LETTERS = /^[a-zčšžāēīūļņķģėųį]+$/u;
const BALTIC_STEM = /^(\p{L}{2,}(?:uk|ak|yk|ik|yn|yč|ič)|\p{L}{3,}[oe]v)(?:s|as)$/u;

/** A Dutch or Swedish spelling (lower case a–z) as KMU-like Latin, or null. */
function fromDutchSwedish(w: string): string | null {
  // German writes з, с before я, ю, є as s(s)j and дзю, цю as dsj, zj (Morosjak, Stassjuk, Dsjubuk, Luzjuk), and a
  // typo or a doubled key puts a j after s (Kusjnir, Savitsjii): a lone sj, zj or tsj proves nothing. Dutch: tsj at
  // either end or before a vowel but i (Tsjyrho, Chmarytsj, Sjevtsjenko), sj or zj beside oe (Zjoelorenko), -oek
  // (Petroek); a lone oe is a doubled key's as much (Moegenko), so Koezmenko is left. Swedish: sj beside tj
  // (Sjevtjenko, Polisjtjuk), -tjenko (Kravtjenko).
  if (/w|sch/u.test(w)) return null;
  const sj = /(?<![sdz])sj/u.test(w);
  const dutch =
    /^tsj|tsj$|tsj[aeoy]/u.test(w) ||
    (/[sz]j/u.test(w) && /oe/u.test(w)) ||
    /^[a-z]{2,}[^aeiou]oek$/u.test(w);
  const swedishTj = (sj && /tj/u.test(w) && !/tsj|oe/u.test(w)) || /tjenko$/u.test(w);
  if (!dutch && !swedishTj) return null;
  return dutchSwedishLetters(w, swedishTj);
}

/**
 * A Dutch or Swedish spelling's letters (lower case) as KMU-like Latin: sjtsj as shch, ch as kh, tsj as ch, sj as sh,
 * zj as zh, joe as iu, oe as u; and, where the spelling is Swedish (`swedishTj`), sjtj as shch and tj as ch (Dutch
 * writes т before я, ю as tj: Kostjantyn). A j is left. Search's whole-query reading (foreignLatinText.ts) uses it too.
 */
export function dutchSwedishLetters(w: string, swedishTj: boolean): string {
  let out = w;
  if (swedishTj) out = out.replace(/sjtj/gu, '§').replace(/tj/gu, '¤');
  out = out
    .replace(/sjtsj/gu, '§')
    .replace(/ch/gu, 'kh')
    .replace(/tsj/gu, '¤')
    .replace(/sj/gu, 'sh')
    .replace(/zj/gu, 'zh')
    .replace(/joe/gu, 'iu')
    .replace(/oe/gu, 'u')
    .replace(/§/gu, 'shch')
    .replace(/¤/gu, 'ch');
  return out;
}

/** One word of a family name read as the Ukrainian surname it stands for, or null (see the file's doc). */
export function readForeignFamily(word: string): string | null {
  const w = word.slice(0, MAX_TOKEN).normalize('NFC').toLowerCase();
  if (/^\p{Script=Cyrillic}+$/u.test(w)) {
    return /^\p{L}{2,}[еэ]нка$/u.test(w) && BELARUSIAN.test(w) ? w.replace(/[еэ]нка$/u, 'енко') : null;
  }
  if (!/^\p{Script=Latin}+$/u.test(w)) return null;
  // Belarusian Latin -enka (a passport's Shauchenka): ў after a vowel written u before a consonant, which no
  // Ukrainian or Russian Latin writes (в is v) nor a Latin or Polish genitive (Yurchenka, Jurczenka); read with ў
  // as в, as the Cyrillic Шаўчэнка is. Without it (Bandarenka, Kavalenka) the word proves nothing: left.
  if (/^[a-z]{2,}enka$/u.test(w) && BELARUSIAN_U.test(w)) {
    return `${w.replace(new RegExp(BELARUSIAN_U.source, 'gu'), '$1v').slice(0, -1)}o`;
  }
  // Czech -ová (á is Czech or Slovak; no Hungarian or Polish surname ends so).
  const czech = /^(\p{L}{3,})ová$/u.exec(w);
  if (czech !== null) {
    const stem = czech[1] as string;
    // Kovalenková: Kovalenko; a Russian woman's -ova, -eva, to which Czech adds -ová (Kozlovová: Kozlova); a
    // Ukrainian -oiko, -eiko (Boiková: Boiko), an ending no Czech name has before -ková. A Czech -ek, -ík, -k
    // (Pešková, Hnatková: Hnátek or Hnatko) keeps its Czech reading.
    if (stem.endsWith('enk') || /[oe][ijy]k$/u.test(stem)) return `${stem}o`;
    return /^\p{L}{3,}[oe]v$/u.test(stem) ? `${stem}a` : stem;
  }
  if (BALTIC_LETTERS.test(w)) {
    if (/^\p{L}{2,}skis$/u.test(w)) return `${w.slice(0, -2)}yi`;
    if (BALTIC_MARK.test(w) && /^\p{L}{3,}enka$/u.test(w)) return `${w.slice(0, -1)}o`;
    if (BALTIC_MARK.test(w) && /^\p{L}{2,}in(?:a)?s$/u.test(w)) return w.replace(/(?:a)?s$/u, '');
    const m = BALTIC_STEM.exec(w);
    if (m !== null) return m[1] as string;
  }
  return /^[a-z]+$/u.test(w) ? fromDutchSwedish(w) : null;
}

/**
 * A family name of one word, or words joined by hyphens, with each word read by `readForeignFamily` where it reads,
 * the rest as written. A word with a mark or a capital inside is not one such word: joined initials (TrochczukS.I.),
 * an escaped apostrophe (Kalyns\'kyy) are left whole.
 */
export function readForeignFamilyName(family: string): string {
  // Words apart (Kalyns Kyy) are a name the parse or a scanner broke as often as two names: left as written.
  if (/\s/u.test(family.trim())) return family;
  return family.replace(/[^\s-]+/gu, (word) =>
    /^\p{Lu}?\p{Ll}+$|^\p{Lu}+$/u.test(word) ? (readForeignFamily(word) ?? word) : word,
  );
}
