/**
 * A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`, `-1+…`) made inert by a
 * leading apostrophe, as OWASP advises for CSV injection; plain numbers such as `-5` or `+380501234567` are
 * left alone. Our own import strips the apostrophe again (`restoreFormulaText`), so exports round-trip.
 */
export function neutraliseFormula(s: string): string {
  if (s === '') return s;
  const c = s[0];
  if (c === '=' || c === '@' || c === '\t' || c === '\r') return `'${s}`;
  if ((c === '+' || c === '-') && !/^[+-]\d[\d ().]*$/.test(s)) return `'${s}`;
  return s;
}

/** A cell's text as written before `neutraliseFormula`: the apostrophe before a formula character removed. */
export function restoreFormulaText(s: string): string {
  return s.length > 1 && s[0] === "'" && neutraliseFormula(s.slice(1)) === s ? s.slice(1) : s;
}

/**
 * One RFC 4180 CSV record, without the line terminator: fields with the delimiter, a quote or a line break
 * are quoted, and formula-like text is neutralised.
 */
export function csvRecord(values: readonly (string | number | null)[], delimiter = ','): string {
  return values
    .map((v) => {
      const s = v === null ? '' : typeof v === 'number' ? String(v) : neutraliseFormula(v);
      return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    })
    .join(delimiter);
}
