/** Whether a cell starting with this text would run as a formula (numbers such as `-5` or `+380…` do not). */
function startsFormula(s: string): boolean {
  const c = s[0];
  if (c === '=' || c === '@' || c === '\t' || c === '\r') return true;
  return (c === '+' || c === '-') && !/^[+-]\d[\d ().]*$/.test(s);
}

// A list separator inside a cell, and the spaces after it: where a spreadsheet splitting the line on that
// separator starts a cell. The part up to the next separator is what that cell would hold.
const INNER_CELL = /([,;][ \t]*)([^,;]*)/g;

/**
 * A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`, `-1+…`) made inert by a
 * leading apostrophe, as OWASP advises for CSV injection; plain numbers such as `-5` or `+380501234567` are
 * left alone. Enough for a cell of its own (an .xlsx cell); a CSV cell needs `neutraliseCsvCell`.
 */
export function neutraliseFormula(s: string): string {
  return s !== '' && startsFormula(s) ? `'${s}` : s;
}

/**
 * `neutraliseFormula`, and the same for every part after a `,` or `;` inside the text: Excel opens a CSV
 * split on the list separator of the user's region (`;` in Ukrainian, Russian or German Windows, `,` in
 * English), whatever the file's delimiter, and quotes protect only a cell that starts with one:
 * `Іванов;=cmd|…` in a comma-separated file is two cells there, the second a formula. Our own import
 * strips the apostrophes again (`restoreFormulaText`), so exports round-trip.
 */
export function neutraliseCsvCell(s: string): string {
  const inner = s.replace(INNER_CELL, (_m, sep: string, part: string) =>
    startsFormula(part) ? `${sep}'${part}` : `${sep}${part}`,
  );
  // The text before the first separator is the cell itself.
  return neutraliseFormula(inner);
}

/** A cell's text as written before `neutraliseCsvCell` (or `neutraliseFormula`): the apostrophes put before formula text removed. */
export function restoreFormulaText(s: string): string {
  if (!s.includes("'")) return s;
  const unmarked = (s[0] === "'" ? s.slice(1) : s).replace(/([,;][ \t]*)'/g, '$1');
  return unmarked !== s && neutraliseCsvCell(unmarked) === s ? unmarked : s;
}

/**
 * One RFC 4180 CSV record, without the line terminator: fields with the delimiter, a quote or a line break
 * are quoted, and formula-like text is neutralised.
 */
export function csvRecord(values: readonly (string | number | null)[], delimiter = ','): string {
  return values
    .map((v) => {
      const s = v === null ? '' : typeof v === 'number' ? String(v) : neutraliseCsvCell(v);
      return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    })
    .join(delimiter);
}
