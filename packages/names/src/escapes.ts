/**
 * Names escaped by a web page or an export (issue #11, hold-out 10): a form posted through a page whose character
 * set has no Cyrillic sends every letter as an HTML numeric reference ("&#1050;&#1086;…", "&#x41a;…"), a JSON
 * writer that keeps to ASCII writes "\u041a\u043e…", and both write an apostrophe as "&#39;", "&rsquo;", "&apos;"
 * or "\'". Each is the character it stands for. Only references to a real character are read (no surrogate half,
 * nothing past U+10FFFF), and of the named ones only those a name's cell carries (apostrophes, quotes, spaces,
 * dashes, the ampersand); a doubly escaped "&amp;#1050;" is read twice. Pure.
 */

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  apos: "'",
  quot: '"',
  nbsp: '\u00a0',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  laquo: '«',
  raquo: '»',
  ndash: '–',
  mdash: '—',
  prime: '′',
};

const ANY = /&#\d{1,7};|&#x[0-9a-f]{1,6};|&[a-z]{2,6};|\\u[0-9a-f]{4}|\\['"]/iu;
const REFERENCE = /&#(\d{1,7});|&#x([0-9a-f]{1,6});|&([a-z]{2,6});/giu;
const JSON_ESCAPE = /(?:\\u[0-9a-f]{4})+|\\(['"])/giu;

// A surrogate half without its other half (String.prototype.isWellFormed is past this project's ES2022 library).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A code point that stands for a character (no surrogate half, no value past Unicode's last). */
const isCharacter = (c: number): boolean => c <= 0x10ffff && !(c >= 0xd800 && c <= 0xdfff);

function once(text: string): string | null {
  let bad = false;
  let out = text.replace(REFERENCE, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
    const c = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    if (!isCharacter(c)) {
      bad = true;
      return whole;
    }
    return String.fromCodePoint(c);
  });
  out = out.replace(JSON_ESCAPE, (whole, quote?: string) => {
    if (quote !== undefined) return quote;
    // A run of \uXXXX: UTF-16 units, a surrogate pair among them one character.
    const units = whole
      .split('\\u')
      .slice(1)
      .map((h) => parseInt(h, 16));
    const s = String.fromCharCode(...units);
    if (LONE_SURROGATE.test(s)) {
      bad = true;
      return whole;
    }
    return s;
  });
  return bad || out === text ? null : out;
}

/** `text` with its HTML references and JSON escapes read as the characters they stand for; null when it has none. */
export function unescapedText(text: string): string | null {
  if (!ANY.test(text)) return null;
  const first = once(text);
  if (first === null) return null;
  return ANY.test(first) ? (once(first) ?? first) : first;
}
