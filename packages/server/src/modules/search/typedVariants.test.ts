import { nameKeys, parseName, skeleton } from '@homecoming/names';
import { describe, expect, it } from 'vitest';
import { chanceAgreements, scoreBest, type CandidateKeys, type QueryKeys } from './score.js';
import { typedFamilyVariants } from './typedVariants.js';

// Generated names only.
const key = (family: string): string => skeleton(family);

describe('a typed family name with one slip undone', () => {
  it('meets the registry spelling a slip the fold reads far has turned away', () => {
    // An OCR н→и merged by the fold with the vowel before it; x typed for c (folded ks); cl for d.
    expect(typedFamilyVariants('Гордійеико').has(key('Гордійенко'))).toBe(true);
    expect(typedFamilyVariants('КОСТЕИКО').has(key('Костенко'))).toBe(true);
    expect(typedFamilyVariants('Shevxhiak').has(key('Shevchiak'))).toBe(true);
    expect(typedFamilyVariants('Xhubenko').has(key('Чубенко'))).toBe(true);
    expect(typedFamilyVariants('Rucl').has(key('Руд'))).toBe(true);
    // Keyboard neighbours in ЙЦУКЕН: з→щ, д→ж.
    expect(typedFamilyVariants('Дщарриюк').has(key('Дзарриюк'))).toBe(true);
  });

  it('leaves out the name itself, and names under four letters', () => {
    expect(typedFamilyVariants('Костенко').has(key('Костенко'))).toBe(false);
    expect(typedFamilyVariants('Рус').size).toBe(0);
  });

  it('scores a variant close, and never confident', () => {
    const p = parseName('Shevxhiak Bohdan');
    const k = nameKeys(p);
    const q: QueryKeys = {
      family: k.family,
      familyPhonetic: k.familyPhonetic,
      given: k.given,
      givenSkeleton: skeleton('Bohdan'),
      givenInitial: null,
      father: null,
      fatherSkeleton: null,
      fatherInitial: null,
    };
    const rk = nameKeys({ family: 'Шевчяк', given: 'Богдан', patronymic: null, initials: [] });
    const c: CandidateKeys = {
      key_family: rk.family,
      key_family_phonetic: rk.familyPhonetic,
      key_given: rk.given,
      key_father: null,
      given_name: 'Богдан',
      patronymic: null,
      birth_date: '1991-03-04',
    };
    const birth = { year: 1991, month: null, day: null, text: '1991' };
    // Without the variants (the keyed lookups), the family names differ.
    expect(scoreBest([q], birth, c, -100)?.e.family).toBe('different');
    const withVariants = { ...q, familyVariants: typedFamilyVariants('Shevxhiak') };
    const scored = scoreBest([withVariants], birth, c, -100);
    expect(scored?.e.family).toBe('close');
    expect(scored?.e.familyByVariant).toBe(true);
    if (!scored) throw new Error('no score');
    expect(chanceAgreements(scored.e, 20_000, 0.00005, 0.02)).toBe(Infinity);
  });
});
