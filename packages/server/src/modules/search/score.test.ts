import { nameKeys, parseName, skeleton } from '@homecoming/names';
import { describe, expect, it } from 'vitest';
import { scoreCandidate, type CandidateKeys, type QueryKeys } from './score.js';

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
});
