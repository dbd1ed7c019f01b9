import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../../packages/server/src/seed/population.js';
import {
  NOISE_RATES,
  applyOcr,
  applyTypo,
  birthAgreement,
  generateQueries,
  mulberry32,
  personNames,
  toGermanStyle,
  toPolishStyle,
  ukToRuLetters,
  type Query,
} from './variants.js';

const population = [...generatePopulation({ persons: 20_000, seed: 42 })];
const { queries, planted } = generateQueries(population, { queries: 5_000, seed: 7 });
const registry = new Map([...population, ...planted].map((row) => [row.external_id, row]));

const share = (qs: readonly Query[], pred: (q: Query) => boolean): number =>
  qs.filter(pred).length / qs.length;
const has = (label: string) => (q: Query) => q.noise.includes(label);
const TOLERANCE = 0.025;

describe('generateQueries', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const again = generateQueries(population, { queries: 5_000, seed: 7 });
    expect(again.queries).toEqual(queries);
    expect(again.planted).toEqual(planted);
    const other = generateQueries(population, { queries: 200, seed: 8 });
    expect(other.queries.map((q) => q.q)).not.toEqual(queries.slice(0, 200).map((q) => q.q));
  });

  it('gives every query a unique id and a target present in the registry', () => {
    expect(new Set(queries.map((q) => q.query_id)).size).toBe(queries.length);
    for (const q of queries) expect(registry.has(q.target), q.target).toBe(true);
    expect(new Set(registry.keys()).size).toBe(population.length + planted.length);
  });

  it('labels every query with one script, one order and one birth label', () => {
    for (const q of queries) {
      expect(q.noise.filter((n) => n.startsWith('script:'))).toHaveLength(1);
      expect(q.noise.filter((n) => n.startsWith('order:'))).toHaveLength(1);
      expect(q.noise.filter((n) => n.startsWith('birth:'))).toHaveLength(1);
      expect(q.noise.filter((n) => n.startsWith('typo:')).length).toBeLessThanOrEqual(1);
    }
  });

  it('meets the stated script, order, caps, typo and OCR rates', () => {
    for (const [style, rate] of Object.entries(NOISE_RATES.script)) {
      expect(Math.abs(share(queries, has(`script:${style}`)) - rate), style).toBeLessThan(TOLERANCE);
    }
    for (const [order, rate] of Object.entries(NOISE_RATES.order)) {
      expect(Math.abs(share(queries, has(`order:${order}`)) - rate), order).toBeLessThan(TOLERANCE);
    }
    expect(Math.abs(share(queries, has('caps')) - NOISE_RATES.allCaps)).toBeLessThan(TOLERANCE);
    expect(
      Math.abs(share(queries, (q) => q.noise.some((n) => n.startsWith('typo:'))) - NOISE_RATES.typo),
    ).toBeLessThan(TOLERANCE);
    expect(Math.abs(share(queries, has('ocr')) - NOISE_RATES.ocr)).toBeLessThan(TOLERANCE);
    expect(Math.abs(share(queries, has('homonym:planted')) - NOISE_RATES.plantedHomonym)).toBeLessThan(
      TOLERANCE,
    );
  });

  it('drops the patronymic at the stated rate among targets that have one', () => {
    const withOne = queries.filter((q) => registry.get(q.target)?.patronymic !== '');
    expect(Math.abs(share(withOne, has('patronymic:missing')) - NOISE_RATES.dropPatronymic)).toBeLessThan(
      TOLERANCE,
    );
    const without = queries.filter((q) => registry.get(q.target)?.patronymic === '');
    expect(share(without, has('patronymic:missing'))).toBe(0);
  });

  it('meets the stated birth rates among targets with a full birth date', () => {
    const full = queries.filter((q) => /^\d{4}-\d{2}-\d{2}$/.test(registry.get(q.target)?.birth_date ?? ''));
    const rates = NOISE_RATES.birth;
    expect(Math.abs(share(full, has('birth:year')) - rates.year)).toBeLessThan(TOLERANCE);
    expect(Math.abs(share(full, has('birth:year_off')) - rates.year_off)).toBeLessThan(TOLERANCE);
    expect(Math.abs(share(full, has('birth:absent')) - rates.absent)).toBeLessThan(TOLERANCE);
    // A swap needs day ≤ 12 and day ≠ month; otherwise the full date is given.
    const swappable = full.filter((q) => {
      const [, m, d] = (registry.get(q.target)?.birth_date ?? '').split('-').map(Number);
      return d !== undefined && d <= 12 && d !== m;
    });
    expect(Math.abs(share(swappable, has('birth:swap')) - rates.swap)).toBeLessThan(TOLERANCE);
    expect(Math.abs(share(swappable, has('birth:full')) - rates.full)).toBeLessThan(TOLERANCE + 0.01);
  });

  it('writes birth info as its label says', () => {
    for (const q of queries) {
      const reg = registry.get(q.target)?.birth_date ?? '';
      if (q.noise.includes('birth:absent')) expect(q.birth).toBe('');
      if (q.noise.includes('birth:full')) expect(q.birth).toBe(reg);
      if (q.noise.includes('birth:year')) expect(q.birth).toBe(reg.slice(0, 4));
      if (q.noise.includes('birth:year_off')) {
        expect(Math.abs(Number(q.birth.slice(0, 4)) - Number(reg.slice(0, 4)))).toBe(1);
        expect(q.birth.slice(4)).toBe(reg.slice(4));
      }
      if (q.noise.includes('birth:swap')) {
        const [y, m, d] = reg.split('-');
        expect(q.birth).toBe(`${y}-${d}-${m}`);
      }
    }
  });

  it('writes Latin queries in Latin letters only, Cyrillic ones in Cyrillic only', () => {
    for (const q of queries) {
      const letters = [...q.q].filter((ch) => /\p{L}/u.test(ch));
      const latin = !q.noise.includes('script:uk') && !q.noise.includes('script:ru');
      for (const ch of letters)
        expect(/\p{Script=Latin}/u.test(ch), `${q.q} (${q.noise.join(' ')})`).toBe(latin);
      if (!q.noise.includes('ocr')) expect(q.q).not.toMatch(/\d/);
    }
  });

  it('writes the uk and ru forms the tables give when there is no other noise', () => {
    const clean = queries.filter(
      (q) =>
        q.noise.includes('order:family_given') && !q.noise.some((n) => /^(typo|ocr|caps|patronymic)/.test(n)),
    );
    let checked = 0;
    for (const q of clean) {
      const row = registry.get(q.target);
      if (row === undefined) continue;
      const p = personNames(row);
      const join = (...xs: string[]): string => xs.filter((x) => x !== '').join(' ');
      if (q.noise.includes('script:uk')) expect(q.q).toBe(join(p.familyUk, p.givenUk, p.patronymicUk));
      if (q.noise.includes('script:ru')) expect(q.q).toBe(join(p.familyRu, p.givenRu, p.patronymicRu));
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('plants homonyms: same name, different birth date, either one intended', () => {
    expect(planted.length).toBeGreaterThan(0);
    const byId = new Map(population.map((row) => [row.external_id, row]));
    for (const twin of planted) {
      const original = [...byId.values()].find(
        (row) =>
          row.family_name === twin.family_name &&
          row.given_name === twin.given_name &&
          row.patronymic === twin.patronymic &&
          row.birth_date !== twin.birth_date,
      );
      expect(original, twin.external_id).toBeDefined();
    }
    const plantedQueries = queries.filter(has('homonym:planted'));
    const onTwin = share(plantedQueries, (q) => q.target.startsWith('hom-'));
    expect(onTwin).toBeGreaterThan(0.3);
    expect(onTwin).toBeLessThan(0.7);
  });

  it('never plants a twin born in the future, which the registry would reject', () => {
    expect(planted.length).toBeGreaterThan(0);
    for (const p of planted) expect(Number(p.birth_date.slice(0, 4))).toBeLessThanOrEqual(2024);
  });

  it('marks queries without birth info about a name shared in the registry as not distinguishable', () => {
    for (const q of queries.filter((q) => q.noise.includes('homonym:planted') && q.birth === '')) {
      expect(q.distinguishable).toBe(false);
    }
    const distinguishable = share(queries, (q) => q.distinguishable);
    expect(distinguishable).toBeGreaterThan(0.5);
    expect(distinguishable).toBeLessThan(1);
  });

  it('marks a query distinguishable when the only homonym has another birth year', () => {
    const rows = [...generatePopulation({ persons: 1, seed: 3 })];
    const base = rows[0];
    if (base === undefined) throw new Error('no row');
    const a = { ...base, external_id: 'a', birth_date: '1980-05-06' };
    const b = { ...base, external_id: 'b', birth_date: '1990-07-08' };
    const noPlanting = { ...NOISE_RATES, plantedHomonym: 0 };
    const set = generateQueries([a, b], { queries: 300, seed: 1, rates: noPlanting });
    for (const q of set.queries) {
      const expected = q.birth !== '';
      expect(q.distinguishable, `${q.q} ${q.birth} ${q.noise.join(' ')}`).toBe(expected);
      expect(q.noise).toContain('homonym:natural');
    }
  });
});

describe('transformations', () => {
  it('converts Ukrainian letters to Russian ones', () => {
    expect(ukToRuLetters("Гнатів Ґудзь Їжак Євич В'юн")).toBe('Гнатив Гудзь Ижак Евыч Вюн');
  });

  it('spells German- and Polish-style like the reference examples', () => {
    expect(toGermanStyle('Шевченко')).toBe('Schewtschenko');
    expect(toGermanStyle('Хмельницький')).toBe('Chmelnyzkyj');
    expect(toGermanStyle('Тимошенко')).toBe('Tymoschenko');
    expect(toGermanStyle('Юрій Ткаченко')).toBe('Jurij Tkatschenko');
    expect(toGermanStyle('Євгенія Гнатюк')).toBe('Jewhenija Hnatjuk');
    expect(toPolishStyle('Олександр Шевченко')).toBe('Ołeksandr Szewczenko');
    expect(toPolishStyle('Володимир Зеленський')).toBe('Wołodymyr Zełenski');
    expect(toPolishStyle('Ярошенко Лященко Юрченко')).toBe('Jaroszenko Laszczenko Jurczenko');
    expect(toPolishStyle('Євген Сергій Андрій Львів')).toBe('Jewhen Serhij Andrij Lwiw');
  });

  it('makes exactly one edit per typo', () => {
    const rand = mulberry32(9);
    for (const kind of ['substitution', 'deletion', 'transposition', 'doubling'] as const) {
      for (const q of ['Шевченко Олександр', 'Shevchenko Oleksandr']) {
        const out = applyTypo(q, kind, rand);
        expect(out?.kind).toBe(kind);
        const delta = (out?.q.length ?? 0) - q.length;
        expect(delta).toBe(kind === 'deletion' ? -1 : kind === 'doubling' ? 1 : 0);
        expect(out?.q).not.toBe(q);
      }
    }
    expect(applyTypo('О. П.', 'deletion', rand)).toBeNull();
  });

  it('confuses letters like OCR does', () => {
    const rand = mulberry32(1);
    expect(applyOcr('Щ', true, rand)).toBe('Ш');
    expect(applyOcr('Petrenko Roman', false, rand)).toMatch(
      /^(Petrenk0 Roman|Petrenko R0man|Petrenko Rornan)$/,
    );
    expect(applyOcr('xyz', false, rand)).toBeNull();
  });

  it('ranks birth agreement: stated match > noise-explained > unknown > contradiction', () => {
    expect(birthAgreement('1985-03-12', '1985-03-12')).toBe(5);
    expect(birthAgreement('1985', '1985-03-12')).toBe(3);
    expect(birthAgreement('1986-03-12', '1985-03-12')).toBe(1.5);
    expect(birthAgreement('1985-12-03', '1985-03-12')).toBe(1.5);
    expect(birthAgreement('', '1985-03-12')).toBe(1);
    expect(birthAgreement('1990-03-12', '1985-03-12')).toBe(0);
  });
});
