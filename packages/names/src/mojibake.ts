/**
 * Names whose bytes were decoded with the wrong code page somewhere before they reached us: a cell of an
 * otherwise sound file copied from an older system, or a column pasted from a report. The import reads a
 * whole file in the encoding it detects (imports/readTable.ts); this is for a few fields inside a file that
 * were already broken when the file was written. Three misreadings are common for Cyrillic text:
 *
 * | written as                 | looks like                | what happened                        |
 * |----------------------------|---------------------------|--------------------------------------|
 * | Шевченко                   | `Øåâ÷åíêî`                 | Windows-1251 bytes shown as Windows-1252 (Latin-1) |
 * | Шевченко                   | `РЁРµРІС‡РµРЅРєРѕ`         | UTF-8 bytes shown as Windows-1251    |
 * | Шевченко                   | `Ð¨ÐµÐ²Ñ‡ÐµÐ½ÐºÐ¾`         | UTF-8 bytes shown as Windows-1252 (Latin-1) |
 *
 * Each is undone only when the result is a name in Cyrillic letters and the text could not be a name as it
 * stands: UTF-8 read back must be valid (Cyrillic text in Windows-1251 never is), and the Latin-1 form must
 * consist of accented Latin letters and signs only, with no plain Latin letter (a real Latin name has some).
 * Pure; no I/O; safe for the server and the web app.
 */

/** Windows-1251, bytes 0x80–0xFF (0x98 is unassigned: U+0098). */
const CP1251_HIGH =
  'ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—\u0098™љ›њќћџ\u00a0ЎўЈ¤Ґ¦§Ё©Є«¬\u00ad®Ї°±Ііґµ¶·ё№є»јЅѕї' +
  Array.from({ length: 64 }, (_, i) => String.fromCharCode(0x410 + i)).join('');
/** Windows-1252, bytes 0x80–0x9F (the five unassigned ones as the C1 controls Latin-1 gives them). */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function table(high: string): ReadonlyMap<string, number> {
  const m = new Map<string, number>();
  for (let b = 0; b < 0x80; b++) m.set(String.fromCharCode(b), b);
  [...high].forEach((ch, i) => {
    if (!m.has(ch)) m.set(ch, 0x80 + i);
  });
  return m;
}
const TO_CP1251 = table(CP1251_HIGH);
const TO_CP1252 = table(
  CP1252_C1 + Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)).join(''),
);
/** Latin-1 also puts the C1 controls at 0x80–0x9F: text shown as Latin-1 may carry them where 1252 has a sign. */
for (let b = 0x80; b < 0xa0; b++)
  if (!TO_CP1252.has(String.fromCharCode(b)))
    (TO_CP1252 as Map<string, number>).set(String.fromCharCode(b), b);

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function bytesOf(text: string, page: ReadonlyMap<string, number>): Uint8Array | null {
  const out = new Uint8Array(text.length);
  let i = 0;
  for (const ch of text) {
    const b = page.get(ch);
    if (b === undefined) return null;
    out[i++] = b;
  }
  return out.subarray(0, i);
}

/** A name in Cyrillic letters (with the spaces, hyphens, apostrophes and dots a name field holds). */
const CYRILLIC_NAME = /^(?=.*[\u0400-\u04ff])[\u0400-\u04ff\s'’ʼ`.,()-]+$/u;
/** Text shown as Latin-1 from Windows-1251 bytes: accented letters and signs, no plain Latin letter. */
const LATIN1_ONLY = /^[\u00a0-\u00ff\u0080-\u009f\s'’`.,()-]+$/u;

/**
 * The name `text` was before a code-page misreading (see the module's comment), or null when it does not
 * read as one. A clean name, Cyrillic or Latin, is never changed.
 */
export function repairMojibake(text: string): string | null {
  // Plain ASCII and ordinary Cyrillic or Latin text: nothing to undo.
  if (!/[\u0080-\u00ff\u0402-\u040f\u0452-\u045f\u0490\u0491\u2013-\u2122]/u.test(text)) return null;
  for (const page of [TO_CP1251, TO_CP1252]) {
    const bytes = bytesOf(text, page);
    if (bytes === null || bytes.every((b) => b < 0x80)) continue;
    let utf8: string;
    try {
      utf8 = UTF8.decode(bytes);
    } catch {
      continue;
    }
    if (utf8 !== text && CYRILLIC_NAME.test(utf8)) return utf8;
  }
  const letters = [...text].filter((c) => /\p{L}/u.test(c)).length;
  if (letters >= 2 && LATIN1_ONLY.test(text)) {
    const bytes = bytesOf(text, TO_CP1252);
    if (bytes !== null) {
      const cyr = [...bytes].map((b) => (b < 0x80 ? String.fromCharCode(b) : CP1251_HIGH[b - 0x80])).join('');
      if (CYRILLIC_NAME.test(cyr) && !cyr.includes('\u0098')) return cyr;
    }
  }
  return null;
}
