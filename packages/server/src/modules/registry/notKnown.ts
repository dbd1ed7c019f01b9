/**
 * A cell that says its value is not known, as clerks fill every cell of a list rather than leave one empty:
 * "невідомо", "неизвестно", "н/д" (немає даних, нет данных), "не вказано", "не указано", "нет", "unknown", "N/A",
 * a dash ("-", "–", "—"), question marks, and for a date also "0", a zeroed or crossed date ("00.00.0000",
 * "XX.XX.XXXX") and a single cross ("x", "х"); a ditto mark ("-//-", "〃", "те саме": hold-out 14), and an editor's
 * "[нрзб.]" for a name no one could read. Such a cell holds no value: the import reads it as empty (and keeps
 * the cell as written beside the record), where it would otherwise key "невідомо" as a patronymic or refuse the row
 * for its birth date. Pure: no I/O.
 */

/** Words and marks that say "not known" in any column (whole cell, any case, a trailing dot or spaces allowed). */
const WORDS = String.raw`(?:не\s*відом[\p{L}]*|не\s*известн[\p{L}]*|н\s*[/\\.]\s*д\.?|н\s*[/\\]\s*в|нема[єе](?:\s+даних)?|нет(?:\s+данных)?|немає|відсутн[\p{L}]*|отсутству[\p{L}]*|не\s+(?:вказан[\p{L}]*|указан[\p{L}]*|встановлен[\p{L}]*|установлен[\p{L}]*|зазначен[\p{L}]*)|unknown|unk\.?|not\s+known|n\s*/\s*a|none)`;
/** Dashes and question marks alone ("-", "—", "?", "???", "- -"). */
const MARKS = String.raw`[-–—?\s]+`;
/**
 * A ditto mark, a clerk's "as in the row above" down a column (a family's rows, a transport list): "-//-", "—//—",
 * '-"-', '—"—', "〃", '"', "те саме", "те ж", "то же", "тоже", "do.", "ditto". The row above is not the record's:
 * the value is not given here, and never a name every such row would share. "Do" without its dot is a surname (Đỗ).
 */
// Marks and dashes as one run of their characters holding at least one mark: a pattern that repeats a mark with
// optional spaces and dashes round it backtracks exponentially on a long run of marks and spaces that then fails
// ("//  //  // … x": 84 characters took minutes), and a cell is text anyone may send.
const DITTO = String.raw`(?:(?=[^/"〃',]*(?:\/\/|"|〃|''|,,))[-–—/"〃',\s]+|те\s+(?:саме|ж|же)|теж|то\s+же|тоже|do\.|ditto|idem)`;
/** An editor's mark for a word no one could read: "[нрзб.]", "[неразб.]", "(нерозбірливо)", "[illegible]". */
const UNREADABLE = String.raw`[[(]\s*(?:нрзб|неразб(?:ор\p{L}*)?|нерозб(?:ірл\p{L}*)?|неразборчиво|нерозбірливо|illegible|unreadable)\.?\s*[\])]`;
const NAME_CELL = new RegExp(String.raw`^\s*(?:${WORDS}|${MARKS}|${DITTO}|${UNREADABLE})\s*\.?\s*$`, 'iu');
/** A date's own marks: a zero, a zeroed or crossed whole date, a single cross. */
const DATE_CELL = new RegExp(
  String.raw`^\s*(?:${WORDS}|${MARKS}|${DITTO}|0+|[0xх_?]{1,2}[./-][0xх_?]{1,2}[./-](?:[0xх_?]{2}|[0xх_?]{4})|[xх×])\s*\.?\s*$`,
  'iu',
);

/** Whether a name cell says only that the name is not known (a single letter is an initial, never such a mark). */
export function isNotKnownName(cell: string): boolean {
  return NAME_CELL.test(cell);
}

/** Whether a date cell says only that the date is not known. */
export function isNotKnownDate(cell: string): boolean {
  return DATE_CELL.test(cell);
}
