import { initialKey, nameKeys, parseName, skeleton } from '@homecoming/names';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  birthLevel,
  chanceAgreements,
  familyPart,
  scoreBest,
  scoreCandidate,
  spellingCloseness,
  type CandidateKeys,
  type QueryKeys,
} from './score.js';

const first = (s: string): string => initialKey(s) ?? '';

/** birthLevel as it read a stored date before (split on '-'): the reference for the faster reading. */
function birthLevelBySplitting(
  query: { year: number; month: number | null; day: number | null } | null,
  record: string | null,
): string {
  if (query === null || record === null) return 'absent';
  const [ry, rm, rd] = record.split('-').map(Number) as [number, number | undefined, number | undefined];
  const monthKnown = query.month !== null && rm !== undefined;
  const dayKnown = query.day !== null && rd !== undefined;
  if (query.year === ry) {
    if (!monthKnown) return 'same_year';
    if (query.month === rm)
      return !dayKnown ? 'same_month' : query.day === rd ? 'exact' : 'same_year_other_day';
    if (dayKnown && query.day === rm && query.month === rd) return 'day_month_swapped';
    return 'same_year_other_day';
  }
  if (Math.abs(query.year - ry) === 1)
    return monthKnown && dayKnown && query.month === rm && query.day === rd ? 'year_typo' : 'year_off_by_one';
  return 'conflicting';
}

/** One reading of a typed name, as the search makes it (family first). */
function query(family: string, given: string): QueryKeys {
  const p = parseName(`${family} ${given}`);
  const k = nameKeys(p);
  return {
    family: k.family,
    familyPhonetic: k.familyPhonetic,
    given: k.given,
    givenSkeleton: p.given ? skeleton(p.given) : null,
    givenInitial: null,
    father: null,
    fatherSkeleton: null,
    fatherInitial: null,
  };
}

function record(family: string, given: string, birth: string | null = null): CandidateKeys {
  const k = nameKeys({ family, given, patronymic: null, initials: [] });
  return {
    key_family: k.family,
    key_family_phonetic: k.familyPhonetic,
    key_given: k.given,
    key_father: null,
    given_name: given,
    patronymic: null,
    birth_date: birth,
  };
}

describe('search scoring', () => {
  it('takes a family name within two edits as close: a first letter lost, a typo beside a Russian g', () => {
    expect(
      scoreCandidate(query('Орклорпрак', 'Валерій'), null, record('Хорклорпрак', 'Валерій')).family,
    ).toBe('close');
    expect(scoreCandidate(query('Havrykenko', 'Sofiia'), null, record('Гаврыленко', 'София')).family).toBe(
      'close',
    );
    // Short names two edits apart are other names.
    expect(scoreCandidate(query('Бойко', 'Іван'), null, record('Божок', 'Іван')).family).toBe('different');
    expect(scoreCandidate(query('Шевченко', 'Іван'), null, record('Мельник', 'Іван')).family).toBe(
      'different',
    );
  });

  it('reads a German or Polish ch in a given name as х (Choma for Хома)', () => {
    const e = scoreCandidate(query('Schumdsantschuk', 'Choma'), null, record('Шумдзанчук', 'Хома'));
    expect(e.given).toBe('close');
    expect(scoreCandidate(query('Kowal', 'Choma'), null, record('Коваль', 'Роман')).given).toBe('different');
  });

  it('ranks Тарас Григорович first for "Шевченко Т.Г.", and reads a Latin initial against a Cyrillic name', () => {
    const q = (g: string, f: string): QueryKeys => ({
      ...query('Шевченко', ''),
      given: null,
      givenSkeleton: null,
      givenInitial: first(g),
      fatherInitial: first(f),
    });
    const full = (given: string, patronymic: string): CandidateKeys => {
      const k = nameKeys({ family: 'Шевченко', given, patronymic, initials: [] });
      return { ...record('Шевченко', given), key_father: k.father, patronymic };
    };
    const score = (qk: QueryKeys, c: CandidateKeys) => scoreCandidate(qk, null, c).score;
    const taras = full('Тарас', 'Григорович');
    for (const qk of [q('Т', 'Г'), q('T', 'H')]) {
      expect(score(qk, taras)).toBeGreaterThan(score(qk, full('Тимофій', 'Петрович')));
      expect(score(qk, taras)).toBeGreaterThan(score(qk, full('Микола', 'Григорович')));
      expect(score(qk, taras)).toBeGreaterThan(score(qk, full('Олег', 'Іванович')));
    }
    const yurii = full('Юрій', 'Харитонович');
    expect(scoreCandidate(q('Yu', 'Kh'), null, yurii)).toMatchObject({ given: 'initial', father: 'initial' });
    expect(scoreCandidate(q('Zh', 'Kh'), null, full('Жанна', 'Харитонівна')).given).toBe('initial');
    // A Latin Y stands for Ю, Я or Є alike; Zh. is not З.
    expect(scoreCandidate(q('Y', 'V'), null, full('Євген', 'Владиславович')).given).toBe('initial');
    expect(scoreCandidate(q('Zh', 'V'), null, full('Зиновій', 'Васильович')).given).toBe('different');
  });

  it('grades a record that writes only initials by them, not as a different given name', () => {
    const initials: CandidateKeys = { ...record('Шевченко', 'Т.Г.'), key_given: null };
    const e = scoreCandidate(
      { ...query('Шевченко', 'Тарас'), father: 'hryhorii', fatherSkeleton: 'hrihorovich' },
      null,
      initials,
    );
    expect(e).toMatchObject({ given: 'initial', father: 'initial' });
    const other = scoreCandidate(query('Шевченко', 'Микола'), null, initials);
    expect(other.given).toBe('different');
    expect(e.score).toBeGreaterThan(other.score);
    // Latin initials against a Cyrillic query.
    const latin: CandidateKeys = { ...record('Shevchenko', 'Yu.'), key_given: null, patronymic: 'Kh.' };
    expect(scoreCandidate(query('Шевченко', 'Юрій'), null, latin).given).toBe('initial');
  });

  it('grades initials without dots ("ТГ", "TH") and a whole name in the family field alone by its initials', () => {
    const taras = { ...query('Шевченко', 'Тарас'), father: 'hryhorii', fatherSkeleton: 'hrihorovich' };
    for (const given of ['ТГ', 'TH']) {
      const c: CandidateKeys = { ...record('Шевченко', given), key_given: null };
      expect(scoreCandidate(taras, null, c), given).toMatchObject({ given: 'initial', father: 'initial' });
    }
    for (const family of ['Шевченко Т.Г.', 'Шевченко ТГ']) {
      const k = nameKeys(parseName(family));
      const c: CandidateKeys = {
        key_family: k.family,
        key_family_phonetic: k.familyPhonetic,
        key_given: k.given,
        key_father: null,
        family_name: family,
        given_name: null,
        patronymic: null,
        birth_date: null,
      };
      const e = scoreCandidate(taras, null, c);
      expect(e, family).toMatchObject({ given: 'initial', father: 'initial' });
      const other = scoreCandidate(query('Шевченко', 'Микола'), null, c);
      expect(other.given, family).toBe('different');
      expect(e.score).toBeGreaterThan(other.score);
    }
  });

  it('takes one part of a compound surname as close, in either direction, and a respelt part by its sound', () => {
    expect(familyPart('shevchenko koval', 'shevchenko')).toBe(true);
    expect(familyPart('koval', 'shevchenko koval')).toBe(true);
    expect(familyPart('kovalenko', 'shevchenko koval')).toBe(false);
    expect(familyPart('shevchenko koval', 'koval shevchenko')).toBe(false);
    expect(familyPart('honcharenko honchich', skeleton('Гончыч'))).toBe(true);
    expect(familyPart('honcharenko honchich', skeleton('Гончук'))).toBe(false);
    expect(scoreCandidate(query('Шевченко-Коваль', 'Олена'), null, record('Шевченко', 'Олена')).family).toBe(
      'close',
    );
  });

  it("counts a phonetic agreement as common as the phonetic code, not as the candidate's rare spelling", () => {
    const e = scoreCandidate(query('Шевченко', 'Іван'), null, record('Шефченко', 'Іван', '1990-05-17'));
    expect(e.family).toBe('phonetic');
    // A misspelling held by one record in a million, of a code held by one in two hundred.
    const spellingOnly = chanceAgreements(e, 1_000_000, 1e-6, 0.03);
    const withCode = chanceAgreements(e, 1_000_000, 1e-6, 0.03, 0.005);
    expect(withCode).toBeCloseTo(1_000_000 * 0.005 * 0.03, 6);
    expect(withCode).toBeGreaterThan(spellingOnly * 100);
    // An exact agreement reads the spelling's own count, whatever the code's.
    const exact = scoreCandidate(query('Шевченко', 'Іван'), null, record('Шевченко', 'Іван'));
    expect(chanceAgreements(exact, 1_000_000, 0.004, 0.03, 0.5)).toBeCloseTo(1_000_000 * 0.004 * 0.03, 6);
  });

  it('reads a range of two birth years as either year, and counts its chance as two years (pd2)', () => {
    const range = { text: '2001/2002', year: 2001, month: null, day: null, lastYear: 2002 };
    expect(
      ['2001', '2001-05-17', '2002-12', '2000', '2003-01-02', '1999', '2004'].map((d) =>
        birthLevel(range, d),
      ),
    ).toEqual([
      'same_year',
      'same_year',
      'same_year',
      'year_off_by_one',
      'year_off_by_one',
      'conflicting',
      'conflicting',
    ]);
    // A single year reads as before: the next year is a year off.
    expect(birthLevel({ text: '2001', year: 2001, month: null, day: null }, '2002')).toBe('year_off_by_one');
    const one = scoreCandidate(
      query('Гайдученко', 'Леонід'),
      { text: '2001', year: 2001, month: null, day: null },
      record('Гайдученко', 'Леонід', '2001-04-01'),
    );
    const either = scoreCandidate(
      query('Гайдученко', 'Леонід'),
      range,
      record('Гайдученко', 'Леонід', '2002-04-01'),
    );
    expect(either.birth).toBe('same_year');
    expect(either.score).toBe(one.score);
    // Either of two years is left by twice the share one year is: a hit is no more confident for a range.
    expect(chanceAgreements(either, 20_000, 0.01, 0.01)).toBeCloseTo(
      2 * chanceAgreements(one, 20_000, 0.01, 0.01),
      9,
    );
    const best = scoreBest([query('Гайдученко', 'Леонід')], range, record('Гайдученко', 'Леонід', '2002'), 0);
    expect(best && chanceAgreements(best.e, 20_000, 0.01, 0.01)).toBeCloseTo(
      2 * chanceAgreements(one, 20_000, 0.01, 0.01),
      9,
    );
  });

  it('counts the namesakes holding both the family and the given name when more than the two shares foretell', () => {
    const e = scoreCandidate(
      query('Гайдученко', 'Леонід'),
      null,
      record('Гайдученко', 'Леонід', '1987-04-01'),
    );
    expect([e.family, e.given]).toEqual(['exact', 'same_class']);
    // 1,177 Гайдученко and 123 Леонід of 20,000 foretell 7 holding both; 10 others hold both.
    const shares = chanceAgreements(e, 20_000, 1177 / 20_000, 123 / 20_000);
    expect(chanceAgreements(e, 20_000, 1177 / 20_000, 123 / 20_000, 0, 10 / 20_000)).toBeCloseTo(10, 6);
    expect(shares).toBeCloseTo((1177 * 123) / 20_000, 6);
    // Fewer than foretold: the shares stand (a joint count never makes a hit look rarer).
    expect(chanceAgreements(e, 20_000, 1177 / 20_000, 123 / 20_000, 0, 2 / 20_000)).toBeCloseTo(shares, 6);
  });

  it('takes a short given name one typo from the class as close, beginning alike (as linkage, fs-10)', () => {
    expect(scoreCandidate(query('Семенюк', 'Vsdym'), null, record('Семенюк', 'Вадим')).given).toBe('close');
    expect(scoreCandidate(query('Довгань', 'Олксандр'), null, record('Довгань', 'Олександр')).given).toBe(
      'close',
    );
    expect(scoreCandidate(query('Петренко', 'Дснис'), null, record('Петренко', 'Денис')).given).toBe('close');
    // A first letter changed stays another name; so do two edits.
    expect(scoreCandidate(query('Петров', 'Balerii'), null, record('Петров', 'Валерій')).given).toBe(
      'different',
    );
    expect(scoreCandidate(query('Довгань', 'Борис'), null, record('Довгань', 'Денис')).given).toBe(
      'different',
    );
  });

  it('orders equal evidence by how closely the names are spelt as typed', () => {
    const q = query('Rmanenko', 'Illia');
    const own = record('Романенко', 'Илья');
    const other = record('Романук', 'Ілля');
    expect(scoreCandidate(q, null, own).score).toBe(scoreCandidate(q, null, other).score);
    expect(spellingCloseness(q, own)).toBeGreaterThan(spellingCloseness(q, other));
    const k = query('Kowaluk', 'Kyrylo');
    expect(spellingCloseness(k, record('Ковалук', 'Кирило'))).toBeGreaterThan(
      spellingCloseness(k, record('Ковалюк', 'Кирилл')),
    );
  });

  it('gives no confidence to a birth date whose month or day disagrees, or a year off, nor to a contradiction', () => {
    const at = (birth: string, recordBirth: string, patronymic: string | null = null) => {
      const q = {
        ...query('Сорокенко', 'Олексій'),
        ...(patronymic ? { father: 'mykhailo', fatherSkeleton: skeleton(patronymic) } : {}),
      };
      const c = {
        ...record('Сорокенко', 'Алексей', recordBirth),
        ...(patronymic ? { key_father: 'oleh', patronymic: 'Олегович' } : {}),
      };
      const [y, m, d] = birth.split('-').map(Number) as [number, number?, number?];
      const e = scoreCandidate(q, { year: y, month: m ?? null, day: d ?? null, text: birth }, c);
      return { e, chance: chanceAgreements(e, 20_000, 0.0002, 0.02) };
    };
    const exact = at('1987-02-22', '1987-02-22');
    expect(exact.chance).toBeCloseTo((20_000 * 0.0002 * 0.02) / (365 * 50), 9);
    const nameOnly = 20_000 * 0.0002 * 0.02;
    // Another day of the same year, a year off on another day, a year-only date a year off: the names alone.
    expect(at('1987-06-12', '1987-02-22').e.birth).toBe('same_year_other_day');
    expect(at('1987-06-12', '1987-02-22').chance).toBeCloseTo(nameOnly, 9);
    expect(at('1988-06-12', '1987-02-22').e.birth).toBe('year_off_by_one');
    expect(at('1988-06-12', '1987-02-22').chance).toBeCloseTo(nameOnly, 9);
    expect(at('1988', '1987-02-22').chance).toBeCloseTo(nameOnly, 9);
    // A year slip on the right day still counts.
    expect(at('1988-02-22', '1987-02-22').e.birth).toBe('year_typo');
    expect(at('1988-02-22', '1987-02-22').chance).toBeLessThan(nameOnly / 1000);
    // A stated patronymic of another father: never confident, however rare the rest.
    const father = at('1987-02-22', '1987-02-22', 'Михайлович');
    expect(father.e.father).toBe('different');
    expect(father.chance).toBe(Infinity);
  });

  it('scores the best reading as scoring every reading does (the first of equal scores), birth levels as splitting the date', () => {
    const families = [
      'Шевченко',
      'Шевчeнко',
      'Shevchenko',
      'Шевчук',
      'Коваль',
      'Kowal',
      'Ковальчук',
      'Гончич',
      'Гончич-Коваль',
    ];
    const givens = [
      'Олександр',
      'Oleksandr',
      'Aleksandr',
      'Олксандр',
      'Choma',
      'Хома',
      'Саша',
      'Іван',
      'Vsdym',
      'Вадим',
      'Т.',
      '',
    ];
    const patronymics = [null, 'Петрович', 'Petrovych', 'Петровч', 'Іванович', 'П.'];
    const dates = [null, '1987', '1987-02', '1987-02-22', '1988-02-22', '1986-12-01', '1987-22-02'];
    const births = [null, '1987', '1987-02', '1987-02-22', '1988-02-22', '1990-01-05'];
    const reading = (family: string, given: string, patronymic: string | null): QueryKeys => {
      const p = parseName([family, given, patronymic ?? ''].join(' '));
      const k = nameKeys(p);
      return {
        family: k.family || null,
        familyPhonetic: k.familyPhonetic || null,
        given: k.given || null,
        givenSkeleton: p.given ? skeleton(p.given) || null : null,
        givenInitial: p.given ? null : p.initials[0] ? first(p.initials[0]) : null,
        father: k.father || null,
        fatherSkeleton: p.patronymic ? skeleton(p.patronymic) || null : null,
        fatherInitial: null,
      };
    };
    const partial = (b: string | null) => {
      if (b === null) return null;
      const [y, m, d] = b.split('-').map(Number) as [number, number?, number?];
      return { year: y, month: m ?? null, day: d ?? null, text: b };
    };
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(...families), fc.constantFrom(...givens), fc.constantFrom(...patronymics)),
          { minLength: 1, maxLength: 4 },
        ),
        fc.tuple(fc.constantFrom(...families), fc.constantFrom(...givens), fc.constantFrom(...patronymics)),
        fc.constantFrom(...dates),
        fc.constantFrom(...births),
        fc.constantFrom(-Infinity, 3, 9),
        (readings, [family, given, patronymic], date, b, min) => {
          const qs = readings.map(([f, g, p]) => reading(f, g, p));
          const k = nameKeys({ family, given: given || null, patronymic, initials: [] });
          const c: CandidateKeys = {
            key_family: k.family,
            key_family_phonetic: k.familyPhonetic,
            key_given: k.given,
            key_father: k.father,
            family_name: family,
            given_name: given || null,
            patronymic,
            birth_date: date,
          };
          const birth = partial(b);
          let e: ReturnType<typeof scoreCandidate> | null = null;
          let at = -1;
          for (const [i, q] of qs.entries()) {
            const x = scoreCandidate(q, birth, c);
            if (e === null || x.score > e.score) [e, at] = [x, i];
          }
          const got = scoreBest(qs, birth, c, min);
          if (e === null || e.score < min) expect(got).toBeNull();
          else {
            expect(got?.e).toEqual(e);
            expect(got?.reading).toBe(qs[at]);
          }
          expect(birthLevel(birth, date)).toBe(birthLevelBySplitting(birth, date));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
