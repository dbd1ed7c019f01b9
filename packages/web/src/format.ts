// The server's own date module (pure): the app shows and reads dates exactly as the API and the CLI do.
// A relative path rather than the @server alias, so the unit tests (which have no alias) load it too.
import { formatPartialDate as dayFirst } from '../../server/src/modules/registry/dates.js';

/**
 * A registry date, day first in both languages (`17.05.1990`, `05.1990`, `1990`), as this audience
 * writes dates: a month-first `05/17/1990` would be misread. A year stays a year, a month a month.
 */
export function formatPartialDate(value: string | null | undefined): string {
  if (!value) return '—';
  const m = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)/.exec(value);
  return m ? dayFirst(m[1] as string) : value;
}

/** A timestamp (ISO 8601) as local date and time, day first: `30.11.2026 14:05`. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** A count with the language's grouping. */
export function formatNumber(value: number, lng: string, digits = 0): string {
  return new Intl.NumberFormat(lng, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(
    value,
  );
}

// Characters that set the direction of the text after them: marks, embeddings, overrides, isolates.
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/**
 * Text from outside (a name, a source) that carries its own direction controls, isolated between U+2068
 * and U+2069, so that an unclosed right-to-left override in it cannot reverse the app's words after it
 * (`(Коваль Іван ‮Петрович): ім'я та батькові збігаються` showed the explanation backwards). Other text is
 * returned as it is.
 */
export function isolateBidi(s: string): string {
  return BIDI_CONTROL.test(s) ? `\u2068${s}\u2069` : s;
}
