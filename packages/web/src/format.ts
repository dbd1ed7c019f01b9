/**
 * Dates and numbers in the reader's language. Registry dates may be partial (`YYYY`, `YYYY-MM`), so a
 * year stays a year and a month stays a month rather than becoming the first of January.
 */
export function formatPartialDate(value: string | null | undefined, lng: string): string {
  if (!value) return '—';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), mo ? Number(mo) - 1 : 0, d ? Number(d) : 1));
  const opts: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  if (mo) opts.month = d ? '2-digit' : 'long';
  if (d) opts.day = '2-digit';
  return new Intl.DateTimeFormat(lng, opts).format(date);
}

/** A timestamp (ISO 8601) as local date and time. */
export function formatDateTime(value: string | null | undefined, lng: string): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A count with the language's grouping. */
export function formatNumber(value: number, lng: string, digits = 0): string {
  return new Intl.NumberFormat(lng, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(
    value,
  );
}
