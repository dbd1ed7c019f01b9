import { describe, expect, it } from 'vitest';
import { HOLDOUT15_CLASSES, generateHoldout15Queries, holdout15Names } from './holdout15.js';
import { holdoutModelTests, holdoutTestPopulation } from './holdoutModelTests.js';
import { mulberry32, personNames, renderNames } from './search/variants.js';

const population = holdoutTestPopulation;

describe('holdout15', () => {
  holdoutModelTests({
    name: 'holdout15',
    classes: HOLDOUT15_CLASSES,
    names: holdout15Names,
    queries: generateHoldout15Queries,
    listClassesAtLeast: 4,
  });

  it('writes heard consonants, life dates and a contracted patronymic as the classes say', () => {
    const rand = mulberry32(11);
    const seen = { heard: false, lifeSpan: false, contracted: false, turkish: false };
    for (const row of population) {
      const p = personNames(row);
      const d = holdout15Names(p, row, renderNames(p, 'uk', rand), row.birth_date, 'dictation', rand);
      if (d.applied === 'dictation' && d.family !== p.familyUk) seen.heard = true;
      const l = holdout15Names(p, row, renderNames(p, 'uk', rand), row.birth_date, 'life_dates', rand);
      if (/20(?:22|23|24|25)/u.test(l.birth)) seen.lifeSpan = true;
      const c = holdout15Names(
        p,
        row,
        renderNames(p, 'uk', rand),
        row.birth_date,
        'patronymic_contracted',
        rand,
      );
      if (/^\p{Lu}\p{Ll}+-\p{Ll}+$/u.test(c.patronymic)) seen.contracted = true;
      const t = holdout15Names(p, row, renderNames(p, 'uk', rand), row.birth_date, 'spelling_tr', rand);
      if (/^[A-Za-zçşıÇŞ]+$/u.test(t.family)) seen.turkish = true;
    }
    expect(seen).toEqual({ heard: true, lifeSpan: true, contracted: true, turkish: true });
  });
});
