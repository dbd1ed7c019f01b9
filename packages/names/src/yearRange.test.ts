import { describe, expect, it } from 'vitest';
import { twoBirthYearsFirst } from './yearRange.js';
import { readNameText } from './cell.js';

describe('twoBirthYearsFirst', () => {
  it.each([
    ['1990', '-', '1991', false, 1990],
    ['1990', '/', '91', false, 1990],
    ['1999', '/', '00', false, 1999],
    ['2001', '–', '02', false, 2001],
    ['2001', '-', '02', true, 2001],
    ['1990', undefined, '1991', false, 1990],
    ['1990', undefined, '91', false, 1990],
  ] as const)('reads %s %s %s (marked %s) as a range from %s', (from, sep, to, marked, first) => {
    expect(twoBirthYearsFirst(from, sep, to, marked)).toBe(first);
  });

  it.each([
    ['2001', '-', '02', false],
    ['1990', '-', '1992', false],
    ['1991', '-', '1990', true],
    ['1990', '/', '92', false],
    ['1990', '/', '05', true],
  ] as const)('reads no range in %s %s %s (marked %s)', (from, sep, to, marked) => {
    expect(twoBirthYearsFirst(from, sep, to, marked)).toBeNull();
  });

  it('is the check readNameText makes of a range beside a name', () => {
    expect(readNameText('Коваленко 1999/00').birthYears).toEqual({ from: 1999, to: 2000 });
    expect(readNameText('Коваленко 2001-02 р.н.').birthYears).toEqual({ from: 2001, to: 2002 });
    expect(readNameText('Коваленко 2001-02').birthYears).toBeUndefined();
  });
});
