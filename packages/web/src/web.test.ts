import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { formatNumber, formatPartialDate, isolateBidi } from './format.js';
import { INTERPOLATION } from './i18n/i18n.js';
// The test runner has no @server alias; the same module by its path.
import {
  CATEGORIES,
  CONFIDENCES,
  EVENT_TYPE_NAMES,
  RELIABILITY_GRADES,
  SEXES,
  SOURCE_TYPES,
  STATUSES,
} from '../../server/src/modules/registry/vocabulary.js';
import { en } from './i18n/en.js';
import { uk } from './i18n/uk.js';

/** Every key path of a dictionary, with its value. */
function leaves(o: object, prefix = ''): [string, unknown][] {
  return Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' ? leaves(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
  );
}

describe('the dictionaries', () => {
  it('have the same keys in Ukrainian and English, none empty, with the same placeholders', () => {
    const a = new Map(leaves(en));
    const b = new Map(leaves(uk));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [key, value] of a) {
      const other = b.get(key) as string;
      expect(typeof value === 'string' && value.length > 0, key).toBe(true);
      expect(other.length > 0, key).toBe(true);
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(vars(other), key).toEqual(vars(value as string));
    }
  });

  it("name every value of the registry's vocabularies", () => {
    const vocabularies: [keyof typeof en, readonly string[]][] = [
      ['categories', CATEGORIES],
      ['statuses', STATUSES],
      ['sexes', SEXES],
      ['sourceTypes', SOURCE_TYPES],
      ['eventTypes', EVENT_TYPE_NAMES],
      ['confidences', CONFIDENCES],
      ['grades', RELIABILITY_GRADES],
    ];
    for (const [group, values] of vocabularies) {
      expect(Object.keys(en[group]).sort(), group).toEqual([...values].sort());
    }
  });
});

describe('partial dates, day first in both languages', () => {
  it('keeps a year a year and a month a month, never month first', () => {
    expect(formatPartialDate('1990')).toBe('1990');
    expect(formatPartialDate('1990-05-17')).toBe('17.05.1990');
    expect(formatPartialDate('1990-05')).toBe('05.1990');
    expect(formatPartialDate('2026-11-30T10:00:00.000Z')).toBe('30.11.2026');
    expect(formatPartialDate(null)).toBe('—');
  });

  it('groups numbers as the language does', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(1234567, 'uk').replace(/\s/g, ' ')).toBe('1 234 567');
    expect(formatNumber(-1.25, 'uk', 1)).toMatch(/^-1,[23]$/);
  });
});

describe('reading a rejects report', () => {
  it('parses quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('line,reason\n3,"a ""b"", c"\r\n4,"x\ny"\n')).toEqual([
      ['line', 'reason'],
      ['3', 'a "b", c'],
      ['4', 'x\ny'],
    ]);
  });
});

describe('names with their own direction controls in a sentence', () => {
  it('are isolated, so a right-to-left override cannot turn the rest of the sentence around', async () => {
    const i18n = (await import('i18next')).default.createInstance();
    await i18n.init({ resources: { uk: { translation: uk } }, lng: 'uk', interpolation: INTERPOLATION });
    // Generated names: an unclosed U+202E (right-to-left override) in a patronymic, as a hostile list writes it.
    const hostile = 'Коваль Іван \u202EчивортеП';
    const said = i18n.t('search.why', { source: 'список', name: hostile });
    expect(said).toBe(`Збіг із записом із джерела «список» (\u2068${hostile}\u2069):`);
    // Everything after the name is outside the isolate, in the page's own direction.
    expect(said.slice(said.indexOf('\u2069'))).toBe('\u2069):');
    // Ordinary names and markup are left as they are (React shows markup as text).
    expect(i18n.t('search.why', { source: '<b>x</b>', name: 'Коваль Іван' })).toBe(
      'Збіг із записом із джерела «<b>x</b>» (Коваль Іван):',
    );
    expect(isolateBidi('Шевченко')).toBe('Шевченко');
  });
});
