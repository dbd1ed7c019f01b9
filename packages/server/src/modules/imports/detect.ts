/**
 * Guessing how an office file was written, from its first bytes: the text encoding (UTF-8 with or without
 * a BOM, Windows-1251, KOI8-U, UTF-16 with a BOM), the delimiter, the line ends, and whether it is a text
 * file at all. Pure: no I/O.
 */
import iconv from 'iconv-lite';
import { wordIn } from '../../words.js';

/** Encodings a file may be read in, by the names `--encoding` takes. */
export const ENCODINGS = ['utf-8', 'windows-1251', 'koi8-u', 'utf-16le', 'utf-16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];
const ENCODING_ALIASES: Record<string, Encoding> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  cp1251: 'windows-1251',
  win1251: 'windows-1251',
  'windows-1251': 'windows-1251',
  'koi8-u': 'koi8-u',
  koi8u: 'koi8-u',
  'koi8-r': 'koi8-u',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/** The encoding a user named, or null when it is not one we read. */
export function encodingNamed(name: string): Encoding | null {
  return wordIn(ENCODING_ALIASES, name.trim().toLowerCase()) ?? null;
}

export const DELIMITERS = { ',': ',', ';': ';', tab: '\t', '\t': '\t', '|': '|' } as const;

/** The delimiter a user named (`,` `;` `tab` or `|`), or null. */
export function delimiterNamed(name: string): string | null {
  return wordIn<string>(DELIMITERS, name) ?? null;
}

/** What the start of a file says about its kind. */
export type FileKind = 'zip' | 'xml' | 'text';

/** The kind of file its first bytes show: a zip container (.xlsx), XML (PFIF) or text. */
export function sniffKind(head: Buffer): FileKind {
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  let text = head.subarray(0, 512).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return /^\s*<(\?xml|!DOCTYPE|pfif:pfif|pfif\b)/i.test(text) ? 'xml' : 'text';
}

export interface EncodingGuess {
  encoding: Encoding;
  /** Length of the byte-order mark to skip (0 when there is none). */
  bomLength: number;
  /** Why this encoding: "BOM", "valid UTF-8", "letter statistics" or "--encoding". */
  reason: string;
}

/**
 * Letter frequencies of Ukrainian and Russian text together (per mille, rounded), lower case. A wrong
 * single-byte decoding turns common letters into rare ones, so the right reading scores highest.
 */
const LETTER_FREQ: Record<string, number> = {
  о: 100,
  а: 80,
  е: 75,
  и: 65,
  н: 65,
  т: 55,
  і: 40,
  р: 47,
  с: 47,
  в: 45,
  л: 42,
  к: 38,
  м: 31,
  д: 30,
  п: 27,
  у: 26,
  я: 20,
  ь: 15,
  г: 16,
  з: 16,
  б: 16,
  ч: 13,
  й: 11,
  х: 9,
  ж: 8,
  ш: 7,
  ю: 6,
  ц: 5,
  щ: 3,
  є: 4,
  ї: 5,
  ф: 2,
  ы: 12,
  э: 2,
  ъ: 0.3,
  ё: 0.5,
  ґ: 0.2,
};

function scoreCyrillic(text: string): number {
  let score = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) continue;
    const f = LETTER_FREQ[ch.toLowerCase()];
    // Box drawing, currency and other symbols in a list of names are a sign of a wrong reading.
    score += f === undefined ? -8 : Math.log(f + 0.1);
  }
  return score;
}

/** The sample without a UTF-8 sequence cut off at its end. */
function trimPartialUtf8(sample: Buffer): Buffer {
  let end = sample.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = sample[end - i] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > i) end -= i;
    break;
  }
  return sample.subarray(0, end);
}

/** Counts of well-formed multi-byte UTF-8 sequences and of bytes that fit none. */
function utf8Sequences(buf: Buffer): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < buf.length;) {
    const b = buf[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) ok = ((buf[i + k] ?? 0) & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

/**
 * The encoding of a text file from its first bytes: a BOM decides; else valid UTF-8 is UTF-8; else
 * Windows-1251 or KOI8-U, whichever reading gives the likelier Cyrillic letters. A NUL byte (outside
 * UTF-16) means the file is not text: an error naming the offset.
 */
export function detectEncoding(sample: Buffer): EncodingGuess | { error: string } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf)
    return { encoding: 'utf-8', bomLength: 3, reason: 'BOM' };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2, reason: 'BOM' };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2, reason: 'BOM' };
  const nul = sample.indexOf(0);
  if (nul >= 0) {
    return {
      error: `this is not a text file (a NUL byte at offset ${nul}); import takes CSV text, .xlsx or PFIF .xml`,
    };
  }
  const { valid, invalid } = utf8Sequences(trimPartialUtf8(sample));
  if (invalid === 0) return { encoding: 'utf-8', bomLength: 0, reason: 'valid UTF-8' };
  // UTF-8 with a stray bad byte or two stays UTF-8 (those cells are then refused, not misread); a
  // single-byte Cyrillic text forms a valid UTF-8 pair only by chance.
  if (invalid * 20 < valid) return { encoding: 'utf-8', bomLength: 0, reason: 'UTF-8 (with invalid bytes)' };
  const cp1251 = scoreCyrillic(iconv.decode(sample, 'windows-1251'));
  const koi8u = scoreCyrillic(iconv.decode(sample, 'koi8-u'));
  return {
    encoding: koi8u > cp1251 ? 'koi8-u' : 'windows-1251',
    bomLength: 0,
    reason: 'letter statistics',
  };
}

/** Counts of each delimiter outside quotes, per line, over the first lines of decoded text. */
function delimiterCounts(text: string, delimiter: string, maxLines: number): number[] {
  const counts: number[] = [];
  let inQuotes = false;
  let n = 0;
  for (let i = 0; i < text.length && counts.length < maxLines; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === delimiter) n++;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      counts.push(n);
      n = 0;
    }
  }
  return counts;
}

/**
 * The delimiter of CSV text: among `,` `;` tab and `|`, the one found in the header that splits the most
 * following lines into as many fields as the header. A file with one column gets `,`.
 */
export function detectDelimiter(text: string): string {
  let best = { delimiter: ',', score: 0 };
  for (const d of [',', ';', '\t', '|']) {
    const counts = delimiterCounts(text, d, 50);
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const rest = counts.slice(1, -1);
    const agree = rest.length === 0 ? 1 : rest.filter((c) => c === header).length / rest.length;
    const score = agree * 1000 + header;
    if (score > best.score) best = { delimiter: d, score };
  }
  return best.delimiter;
}

/** How the lines of a text end: `CRLF`, `LF`, `CR` or `mixed`. */
export function detectLineEnds(text: string): 'CRLF' | 'LF' | 'CR' | 'mixed' | 'none' {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  const cr = (text.match(/\r/g) ?? []).length - crlf;
  const kinds = [crlf > 0, lf > 0, cr > 0].filter(Boolean).length;
  if (kinds === 0) return 'none';
  if (kinds > 1) return 'mixed';
  return crlf > 0 ? 'CRLF' : lf > 0 ? 'LF' : 'CR';
}

/** The name a delimiter is shown by. */
export function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d;
}
