/**
 * A range of two birth years, as lists of deported children, relatives and tracing requests write a year no one is
 * sure of ("1990-1991", "1990/91", "2001/02", "1990 або 1991"). The one check both readers make: the names
 * package's `readNameText` (a range beside a name) and the server's `birthYearRange` (a date cell). Pure, with no
 * import: the web app's bundle takes it through the server's date module (the package's `./yearRange` export).
 */

/**
 * What stands between the two years: a dash or a slash (captured), spaces around it allowed, or a word (або, чи,
 * или, либо, or) between spaces (nothing captured). A regular expression's source, one capture group.
 */
export const BIRTH_YEARS_BETWEEN = String.raw`(?:\s*([-–—/])\s*|\s+(?:або|чи|или|либо|or)\s+)`;

/**
 * The first year of a range of two birth years written `from`, `separator` (the dash or slash written, undefined
 * for a word) and `to` (the next year whole or its last two digits), or null when they are no such range. The years
 * are consecutive: a wider range ("1990-1995") is no guess of one year. Two digits after a plain hyphen are ISO's
 * month ("2001-02" is February 2001) unless `marked`: a "year of birth" mark (р.н., г.р.) beside them says years.
 */
export function twoBirthYearsFirst(
  from: string,
  separator: string | undefined,
  to: string,
  marked: boolean,
): number | null {
  const first = Number(from);
  if (to.length === 4) return Number(to) === first + 1 ? first : null;
  if (to.length !== 2 || Number(to) !== (first + 1) % 100) return null;
  return separator !== '-' || marked ? first : null;
}
