/**
 * A search query written as an Italian paper or office spells a Ukrainian name (issue #11, hold-out 18
 * `spelling_it_es`): "Kovalciuk Denys Petrovic", "Scevcenko Taras", "Zacharcenko Dmytro". Italian writes ч as c
 * before e and i and as ci before a, o, u, ш as sc(i), х as ch, and a patronymic's -ович without its mark (-ovic);
 * KMU, ICAO and English never write a bare c. As for Romanian and Hungarian (localLatinText.ts), one word's sign
 * says how the whole name was spelt, and the whole text is read so once more, beside the text as written, never
 * instead of it. Pure.
 */

const MAX_WORD = 64;
/** Most words a text is read in: a name and what lists write beside it. */
const MAX_WORDS = 8;

/**
 * A spelling Italian writes for a Ukrainian name and KMU, ICAO, English, Polish and Czech do not: ci before a, o, u
 * (Kovalciuk), sc before e or i (Scevcenko), c before a consonant but h, k, z (Savcyk, Levcsenko is Hungarian's),
 * -ovic or -evic at the end (Petrovic). Unanchored, no quantifier: linear.
 */
const ITALIAN_SIGN = /ci[aou]|sc[ei]|c(?=[bdfgjlmnprtv])|[oe]vic$|c(?=e)/u;
/** Letters and spellings Italian does not write for a Ukrainian name: another language's text (Polish, Hungarian, Czech, KMU). */
const NOT_ITALIAN = /[qwxłżźśćńąęßäöüőűčšžěřůăşţáéíóú]|sh|zh|kh|ts|sz|cs|zs|cz|rz|ck/u;

/** An Italian word's letters as KMU-like Latin (lower case): sc(i) as sh, c(i) as ch before a vowel, ch as kh, c as k before a, o, u, else ch. */
function italianWord(w: string): string {
  return w
    .replace(/sci(?=[aeou])|sc(?=[ei])|ci(?=[aou])|ch|c(?=[aou])|c/gu, (m, at: number, all: string) => {
      if (m === 'ch') return 'kh';
      if (m.startsWith('s')) return 'sh';
      return m === 'c' && /[aou]/u.test(all.charAt(at + 1)) ? 'k' : 'ch';
    })
    .replace(/vich$/u, 'vych');
}

/**
 * A whole text (a search query) read as Italian Latin, every Latin word of it, when one of its words shows that
 * spelling (`ITALIAN_SIGN`) and none another language's (`NOT_ITALIAN`); a word in another script is left as it is,
 * a word's first capital is kept. Empty when no word shows the spelling or the reading changes nothing. Linear.
 */
export function italianLatinReadings(text: string): string[] {
  const parts = text.slice(0, MAX_WORD * MAX_WORDS).split(/([^\p{L}'’ʼ-]+)/u);
  const latin = (w: string): boolean => /^[\p{Script=Latin}'’ʼ-]+$/u.test(w);
  const words = parts.filter((w, i) => i % 2 === 0 && latin(w)).map((w) => w.normalize('NFC').toLowerCase());
  if (words.length === 0 || words.length > MAX_WORDS) return [];
  if (words.some((w) => NOT_ITALIAN.test(w)) || !words.some((w) => ITALIAN_SIGN.test(w))) return [];
  const next = parts
    .map((w, i) => {
      if (i % 2 === 1 || !latin(w)) return w;
      const r = italianWord(w.normalize('NFC').toLowerCase());
      return /^\p{Lu}/u.test(w) ? r.charAt(0).toUpperCase() + r.slice(1) : r;
    })
    .join('');
  return next !== text ? [next] : [];
}
