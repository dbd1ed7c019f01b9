import { describe, expect, it } from 'vitest';
import { csvRecord, neutraliseCsvCell, neutraliseFormula, restoreFormulaText } from './csv.js';

/**
 * The cells a spreadsheet would make of a CSV line when it splits on `separator` (as Excel does on
 * double-click, with the list separator of the user's region: `;` in Ukrainian, Russian or German Windows,
 * `,` in English), honouring quotes only at the start of a cell, as Excel does.
 */
function cellsAs(line: string, separator: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else cell += line[i++];
      }
      const end = line.indexOf(separator, i);
      cells.push(cell + line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    } else {
      const end = line.indexOf(separator, i);
      cells.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return cells;
}

/** A cell a spreadsheet runs as a formula. */
const runs = (cell: string) => /^\s*[=@+-]/.test(cell) && !/^\s*[+-]\d[\d ().]*$/.test(cell);

// Generated text only: names as a hostile list (the other side's, in an exchange) would write them.
const HOSTILE = [
  "=cmd|' /C calc'!A0",
  "Іванов;=cmd|' /C calc'!A0",
  "Іванов; +cmd|' /C calc'!A0;",
  "Петров,@SUM(1+1)*cmd|' /C calc'!A0",
  "Сидоренко;\t-2+cmd|' /C calc'!A0",
  'x;=HYPERLINK("http://example.org/?leak","Відкрити")',
];

describe('CSV cells that a spreadsheet would run as a formula', () => {
  for (const delimiter of [',', ';'] as const) {
    for (const separator of [',', ';'] as const) {
      it(`a file written with "${delimiter}" opened where the list separator is "${separator}" runs no cell`, () => {
        for (const name of HOSTILE) {
          const line = csvRecord(['e1', name, 'Олександр', '1990'], delimiter);
          expect(cellsAs(line, separator).filter(runs), `${JSON.stringify(name)} as ${line}`).toEqual([]);
        }
      });
    }
  }

  it('leaves ordinary text alone: numbers, phone numbers, dashes between words', () => {
    for (const s of [
      '-5',
      '+380501234567',
      'Іванов-Петренко',
      'Київ, вул. Хрещатик, 1',
      'а; б',
      '1990; -5',
    ]) {
      expect(neutraliseCsvCell(s)).toBe(s);
    }
  });

  it('restores what it neutralised, exactly, and nothing else', () => {
    for (const s of [...HOSTILE, "O'Brien", "Д'Артаньян; =1", '-5', '']) {
      expect(restoreFormulaText(neutraliseCsvCell(s)), JSON.stringify(s)).toBe(s);
      expect(restoreFormulaText(neutraliseFormula(s)), JSON.stringify(s)).toBe(s);
    }
  });
});
