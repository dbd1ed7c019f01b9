/**
 * Letters from Unicode's styled ranges, as a plea posted on a social network or in a messenger writes a name and a
 * relative copies it from there (issue #11, hold-out 8): mathematical bold, italic, script, fraktur, double-struck,
 * sans-serif and monospace Latin letters and digits (U+1D400–U+1D7FF: "𝐊𝐨𝐯𝐚𝐥𝐞𝐧𝐤𝐨"), full-width Latin (U+FF01–U+FF5E:
 * "Ｋｏｖａｌｅｎｋｏ"), and the spaces of other widths a word processor or a web page puts between words (no-break,
 * narrow no-break, figure, thin, ideographic). Each is the plain letter, digit or space it is drawn as (its NFKC
 * form); nothing else is touched (NFKC as a whole would also undo ligatures, superscripts and the like that a name
 * cell's other readers see as written). Pure.
 */

/** A character of the styled ranges or a space of another width. */
const STYLED = /[\u{1D400}-\u{1D7FF}\uFF01-\uFF5E\u00A0\u2000-\u200A\u202F\u205F\u3000]/u;
const STYLED_ALL = /[\u{1D400}-\u{1D7FF}\uFF01-\uFF5E]/gu;
const SPACES = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/gu;

/** `text` with styled letters and digits written plain and spaces of other widths as a space; as is when none. */
export function unstyledLetters(text: string): string {
  if (!STYLED.test(text)) return text;
  return text.replace(STYLED_ALL, (ch) => ch.normalize('NFKC')).replace(SPACES, ' ');
}
