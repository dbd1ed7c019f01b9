/**
 * An archival publication's or a memorial book's editorial marks in a name (issue #11, hold-out 14 `editorial`):
 * letters the editor restored where the document is torn or abbreviated, in square brackets inside the word
 * ("Ков[а]ленко", "Петр[ович]", "[Ко]валенко"), and a note that the name is given as the document has it ("[sic]",
 * "(sic!)", "(так у документі)", "[так в тексте]"). The restored letters are the name's; the note is none. A word in
 * brackets of its own ("[Коваленко]", "(Мельник)") is left to what reads a cell's brackets. Pure; never throws.
 */

/** Letters in square brackets against a letter on either side: restored letters of the word. */
const RESTORED = /(?<=\p{L})\[(\p{L}{1,12})\]|\[(\p{L}{1,12})\](?=\p{L})/gu;
/** A note that the document writes it so: [sic], (sic!), (так у документі), [так в тексте], (так в оригинале). */
const AS_WRITTEN =
  /\s*[[(]\s*(?:sic|так\s+(?:[ув]\s+)?(?:документ[іеі]|тексті|тексте|оригіналі|оригинале|джерелі|источнике))\s*!?\s*[\])]/giu;

/** `text` with an editor's restored letters joined to their word and "[sic]" notes taken out; null when it has none. */
export function withoutEditorialMarks(text: string): string | null {
  if (typeof text !== 'string' || !/[[(]/u.test(text)) return null;
  const out = text
    .replace(AS_WRITTEN, ' ')
    .replace(RESTORED, (_all, after: string | undefined, before: string | undefined) => after ?? before ?? '')
    .replace(/[ \u00a0]{2,}/gu, ' ')
    .trim();
  return out === text.trim() ? null : out;
}
