/** One RFC 4180 CSV record, without the line terminator: fields with a comma, quote or line break are quoted. */
export function csvRecord(values: readonly (string | number | null)[]): string {
  return values
    .map((v) => {
      const s = v === null ? '' : String(v);
      return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    })
    .join(',');
}
