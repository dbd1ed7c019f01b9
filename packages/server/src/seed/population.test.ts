import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GIVEN_NAME_CLASSES } from '../../../names/src/index.js';
import {
  CANONICAL_COLUMNS,
  CATEGORIES,
  STATUSES,
  type CanonicalCsvRow,
  type Category,
} from '../modules/registry/vocabulary.js';
import { validateRecordFields } from '../modules/records/validate.js';
import {
  CATEGORY_SHARES,
  CSV_HEADER,
  POPULATION_SHARES,
  STATUSES_BY_CATEGORY,
  csvLine,
  generatePopulation,
} from './population.js';

const N = 50_000;
const rows: CanonicalCsvRow[] = [...generatePopulation({ persons: N, seed: 42 })];
const share = (pred: (r: CanonicalCsvRow) => boolean, of: readonly CanonicalCsvRow[] = rows): number =>
  of.filter(pred).length / of.length;

describe('generatePopulation', () => {
  it('yields the requested number of rows with every canonical column as a string', () => {
    expect(rows).toHaveLength(N);
    for (const r of rows.slice(0, 1000)) {
      expect(Object.keys(r).sort()).toEqual([...CANONICAL_COLUMNS].sort());
      for (const c of CANONICAL_COLUMNS) expect(typeof r[c]).toBe('string');
      expect(r.source).toBe('generated');
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = [...generatePopulation({ persons: 2000, seed: 42 })];
    expect(again).toEqual(rows.slice(0, 2000));
    const other = [...generatePopulation({ persons: 2000, seed: 43 })];
    expect(other).not.toEqual(again);
    const prefix = [...generatePopulation({ persons: 10, seed: 42, source: 'bench' })];
    expect(prefix.map((r) => r.source)).toEqual(Array(10).fill('bench'));
  });

  it('gives, with families off (the default), exactly the people it gave before families existed', () => {
    // sha256 of the CSV lines of 20,000 persons, taken from the generator before the families option (main
    // 5439fa7): the 1M registries, the test fixtures and every earlier figure were drawn with it.
    const digest = (profile: 'harsh' | 'realistic', families?: number): string => {
      const h = createHash('sha256');
      for (const r of generatePopulation({
        persons: 20_000,
        seed: 5,
        profile,
        ...(families === undefined ? {} : { families }),
      }))
        h.update(csvLine(r) + '\n');
      return h.digest('hex');
    };
    expect(digest('harsh')).toBe('a5945e9e6e8fbab1d0a62a4a48c5b73a6684f4eeec1b57a482be4ea478283bc4');
    expect(digest('realistic', 0)).toBe('48ba58ac4949f3d88334ff976b6a0599c599daee97c9138ec3f914789fef2ce5');
  });

  it('numbers external ids uniquely as gen-NNNNNNNNN', () => {
    expect(rows[0]?.external_id).toBe('gen-000000001');
    expect(rows[122]?.external_id).toBe('gen-000000123');
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(N);
  });

  it('gives unique service numbers, letters then digits, only to military rows', () => {
    const numbers = rows.filter((r) => r.service_number !== '');
    expect(new Set(numbers.map((r) => r.service_number)).size).toBe(numbers.length);
    for (const r of numbers) {
      expect(r.category).toBe('military');
      expect(r.service_number).toMatch(/^[А-Я]{2}\d{6}$/u);
    }
    for (const r of rows.filter((x) => x.unit !== '')) {
      expect(r.category).toBe('military');
      expect(r.unit).toMatch(/^в\/ч А\d{4}$/u);
    }
    const military = rows.filter((r) => r.category === 'military');
    expect(share((r) => r.unit !== '', military)).toBeCloseTo(POPULATION_SHARES.militaryUnit, 1);
    expect(share((r) => r.service_number !== '', military)).toBeCloseTo(
      POPULATION_SHARES.militaryServiceNumber,
      1,
    );
  });

  it('writes every birth date as a real, non-future date in one of the three formats', () => {
    const today = new Date().toISOString().slice(0, 10);
    const valid = (d: string): boolean => {
      const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(d);
      if (!m) return false;
      const [, y, mo, da] = m;
      if (Number(y) < 1900 || d > today) return false;
      if (mo === undefined) return true;
      if (Number(mo) < 1 || Number(mo) > 12) return false;
      if (da === undefined) return true;
      // A date that does not exist (31 April) comes back from Date.UTC as another day.
      return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(da))).toISOString().slice(0, 10) === d;
    };
    expect(rows.filter((r) => r.birth_date !== '' && !valid(r.birth_date)).map((r) => r.birth_date)).toEqual(
      [],
    );
  });

  it('keeps ages plausible for the category (counted against the 2022–2024 events)', () => {
    const bounds: Record<Category, [number, number]> = {
      military: [2022 - 60, 2024 - 18],
      civilian_detainee: [2022 - 80, 2024 - 16],
      deported_child: [2022 - 17, 2024 - 2],
      missing: [2022 - 90, 2024],
      deceased: [2022 - 90, 2024],
    };
    const implausible = rows.filter((r) => {
      if (r.birth_date === '') return false;
      const year = Number(r.birth_date.slice(0, 4));
      const [min, max] = bounds[r.category as Category];
      return year < min || year > max;
    });
    expect(implausible.map((r) => `${r.category} ${r.birth_date}`)).toEqual([]);
  });

  it('gives each category only statuses consistent with it', () => {
    const allowed: Record<Category, string[]> = {
      military: ['missing', 'captivity_reported', 'captivity_confirmed', 'returned'],
      civilian_detainee: ['captivity_reported', 'captivity_confirmed', 'returned'],
      missing: ['missing'],
      deported_child: ['deported', 'located', 'returned'],
      deceased: ['death_reported', 'death_confirmed'],
    };
    for (const c of CATEGORIES) {
      expect(Object.keys(STATUSES_BY_CATEGORY[c]).sort()).toEqual([...allowed[c]].sort());
    }
    const known = new Set<string>(STATUSES);
    const bad = rows.filter(
      (r) =>
        !(CATEGORIES as readonly string[]).includes(r.category) ||
        (r.status !== '' && (!known.has(r.status) || !allowed[r.category as Category].includes(r.status))),
    );
    expect(bad.map((r) => `${r.category}/${r.status}`)).toEqual([]);
    expect(share((r) => r.status !== '')).toBeCloseTo(POPULATION_SHARES.status, 1);
  });

  it('hits the target proportions within a few percent', () => {
    for (const c of CATEGORIES) {
      expect(Math.abs(share((r) => r.category === c) - CATEGORY_SHARES[c]), c).toBeLessThan(0.02);
    }
    const S = POPULATION_SHARES;
    const near = (actual: number, target: number) => expect(Math.abs(actual - target)).toBeLessThan(0.02);
    near(
      share((r) => r.patronymic !== ''),
      S.patronymic,
    );
    near(
      share((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.birth_date)),
      S.birthFull,
    );
    near(
      share((r) => /^\d{4}-\d{2}$/.test(r.birth_date)),
      S.birthYearMonth,
    );
    near(
      share((r) => /^\d{4}$/.test(r.birth_date)),
      S.birthYear,
    );
    near(
      share((r) => r.birth_date === ''),
      1 - S.birthFull - S.birthYearMonth - S.birthYear,
    );
    const military = rows.filter((r) => r.category === 'military');
    expect(share((r) => r.sex === 'male', military)).toBeGreaterThan(0.9);
    near(
      share(
        (r) => r.sex === 'male',
        rows.filter((r) => r.category === 'deported_child'),
      ),
      0.5,
    );
  });

  it('writes about 15% of rows in Russian forms and the rest in Ukrainian forms', () => {
    // Only names whose Ukrainian and Russian forms are all different tell the script apart.
    const uk = new Set<string>();
    const ru = new Set<string>();
    for (const c of GIVEN_NAME_CLASSES) {
      if (c.uk.some((n) => c.ru.includes(n))) continue;
      c.uk.forEach((n) => uk.add(n));
      c.ru.forEach((n) => ru.add(n));
    }
    const telling = rows.filter((r) => uk.has(r.given_name) || ru.has(r.given_name));
    expect(telling.length).toBeGreaterThan(N / 2);
    expect(
      Math.abs(share((r) => ru.has(r.given_name), telling) - POPULATION_SHARES.russianScript),
    ).toBeLessThan(0.02);
    // A row is in one script throughout: the patronymic follows the given name's language.
    for (const r of telling) {
      if (ru.has(r.given_name)) expect(r.patronymic, r.given_name).not.toMatch(/[іїєґ']|івна$/u);
      else expect(r.patronymic, r.given_name).not.toMatch(/[ыэъё]|(овна|евна|евич|ична)$/u);
    }
  });

  it('puts women under feminine surname forms where the surname inflects', () => {
    const women = rows.filter((r) => r.sex === 'female');
    const men = rows.filter((r) => r.sex === 'male');
    expect(women.some((r) => /(ова|ська|ская)$/u.test(r.family_name))).toBe(true);
    expect(women.filter((r) => /(ов|ський|ский)$/u.test(r.family_name)).map((r) => r.family_name)).toEqual(
      [],
    );
    expect(men.filter((r) => /(ова|ська|ская)$/u.test(r.family_name)).map((r) => r.family_name)).toEqual([]);
  });

  it('passes the record validator that imports use', () => {
    const problems = rows.slice(0, 5000).flatMap((r) => {
      const checked = validateRecordFields(r);
      return checked.ok ? [] : [{ id: r.external_id, problems: checked.problems }];
    });
    expect(problems).toEqual([]);
  });

  // No timing here: tests never assert wall-clock times (bench/ measures speed).
  it('generates a million rows one at a time, as a stream rather than an array', () => {
    const rows = generatePopulation({ persons: 1_000_000, seed: 7 });
    expect(Array.isArray(rows)).toBe(false);
    let count = 0;
    let bytes = 0;
    for (const row of rows) {
      count++;
      bytes += csvLine(row).length;
    }
    expect(count).toBe(1_000_000);
    expect(bytes).toBeGreaterThan(0);
  });
});

describe('csvLine', () => {
  const row = (over: Partial<CanonicalCsvRow>): CanonicalCsvRow => ({
    ...(Object.fromEntries(CANONICAL_COLUMNS.map((c) => [c, ''])) as CanonicalCsvRow),
    ...over,
  });

  it('writes the header and fields in canonical order', () => {
    expect(CSV_HEADER).toBe(
      'external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status,unit,service_number',
    );
    expect(csvLine(row({ external_id: 'a', family_name: 'Шевченко', sex: 'male' }))).toBe(
      'a,,,Шевченко,,,male,,,,',
    );
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180), and nothing else', () => {
    const line = csvLine(
      row({
        external_id: 'x,1',
        source: 'say "hi"',
        family_name: 'a\nb',
        given_name: 'c\rd',
        unit: "в/ч А'1",
      }),
    );
    expect(line).toBe('"x,1","say ""hi""",,"a\nb","c\rd",,,,,в/ч А\'1,');
  });
});
