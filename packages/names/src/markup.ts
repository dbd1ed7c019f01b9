/**
 * Markup left in a name cell (issue #11, hold-out 13 `markup`): a web page's table or a content system's export
 * keeps its HTML tags ("<b>Коваленко</b>", '<span class="name">Андрій</span>', a trailing "<br>" or "<br />"), and a
 * name copied from a messenger post keeps its bold or italic marks ("**Коваленко**", "__Андрій__", "_Коваленко_",
 * "~~…~~"). A tag is read as a space (a "<br>" between two names parts them); a mark is read only where it encloses
 * a word or words on both sides, so that a footnote's lone asterisk ("Коваленко*") stays for what reads footnotes.
 * No name holds "<", ">" or "_", and none is enclosed in asterisks. Pure; never throws.
 */

const TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/giu;
const ENCLOSED = /(^|\s)(\*{1,2}|_{1,2}|~~)(?![\s*_~])([^*_~]*?[^\s*_~])\2(?=\s|$)/gu;

/** `text` without its HTML tags and its enclosing emphasis marks, spaces collapsed; null when it has none. */
export function withoutMarkup(text: string): string | null {
  if (!/[<*_~]/u.test(text)) return null;
  const out = text
    .replace(TAG, ' ')
    .replace(ENCLOSED, '$1$3')
    .replace(/[ \u00a0]{2,}/gu, ' ')
    .trim();
  return out === text.trim() ? null : out;
}
