import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, familySimilarity, jaroWinkler, jaroWinklerCodePoints } from './similarity.js';

const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'abcdé'), maxLength: 12 }),
);

describe('jaroWinkler', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
    ['JELLYFISH', 'SMELLYFISH', 0.896],
  ])('%s / %s ≈ %f (textbook)', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('is 1 for equal strings and 0 for nothing in common or one empty', () => {
    expect(jaroWinkler('shevchenko', 'shevchenko')).toBe(1);
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('abc', '')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('is symmetric, in [0, 1], and never throws', () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        const s = jaroWinkler(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(jaroWinkler(b, a)).toBeCloseTo(s, 12);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives, without surrogate pairs, exactly what the code-point reference gives (also past 256 letters)', () => {
    const names = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'abcdeiknorstuvyz '), maxLength: 14 }),
      fc.string({ unit: fc.constantFrom(...'абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'), maxLength: 14 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
      fc.string({ unit: fc.constantFrom(...'ab'), minLength: 250, maxLength: 300 }),
    );
    fc.assert(
      fc.property(names, names, (a, b) => {
        expect(jaroWinkler(a, b)).toBe(jaroWinklerCodePoints(a, b));
      }),
      { numRuns: 5000 },
    );
    for (const [a, b] of [
      ['MARTHA', 'MARHTA'],
      ['shevchenko', 'shevchnko'],
      ['oleksandr', 'aleksandr'],
      ['', ''],
      ['a', ''],
    ] as const)
      expect(jaroWinkler(a, b)).toBe(jaroWinklerCodePoints(a, b));
    // With a surrogate pair, the code-point path itself.
    expect(jaroWinkler('a😀b', 'a😀c')).toBe(jaroWinklerCodePoints('a😀b', 'a😀c'));
  });
});

describe('damerauLevenshtein', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['ca', 'ac', 1],
    ['shevchenko', 'shevhcenko', 1],
    ['', 'abc', 3],
    ['abc', 'abc', 0],
    ['ca', 'abc', 3],
    ['Олійник', 'Олейник', 1],
  ])('%s / %s = %i', (a, b, d) => {
    expect(damerauLevenshtein(a, b)).toBe(d);
  });

  it('stops at max + 1', () => {
    expect(damerauLevenshtein('kitten', 'sitting', 1)).toBe(2);
    expect(damerauLevenshtein('a', 'abcdefgh', 2)).toBe(3);
    expect(damerauLevenshtein('abc', 'abd', 0)).toBe(1);
    expect(damerauLevenshtein('x'.repeat(10_000), 'y'.repeat(10_000), 3)).toBe(4);
  });

  it('is symmetric, bounded by the longer length, agrees with max, and never throws', () => {
    fc.assert(
      fc.property(anyString, anyString, fc.integer({ min: 0, max: 5 }), (a, b, max) => {
        const d = damerauLevenshtein(a, b);
        expect(damerauLevenshtein(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max([...a].length, [...b].length));
        expect(damerauLevenshtein(a, b, max)).toBe(Math.min(d, max + 1));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('familySimilarity', () => {
  it('is 1 across scripts and traditions of one surname', () => {
    expect(familySimilarity('Шевченко', 'Schewtschenko')).toBe(1);
    expect(familySimilarity('Олійник', 'Oleinik')).toBe(1);
    expect(familySimilarity('SHEVCHENKO', 'Szewczenko')).toBe(1);
  });

  it('ranks a typo above a different surname', () => {
    const typo = familySimilarity('Шевченко', 'Шевчекно');
    expect(typo).toBeGreaterThan(0.9);
    expect(typo).toBeLessThan(1);
    expect(familySimilarity('Коваленко', 'Коваль')).toBeGreaterThan(familySimilarity('Коваленко', 'Мельник'));
  });

  it('is 0 without letters and never throws', () => {
    expect(familySimilarity('', 'Шевченко')).toBe(0);
    expect(familySimilarity('123', '123')).toBe(0);
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        const s = familySimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });
});
