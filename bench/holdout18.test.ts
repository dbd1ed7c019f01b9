import { describe, expect, it } from 'vitest';
import {
  HOLDOUT18_CLASSES,
  generateHoldout18Queries,
  holdout18Names,
  type Holdout18Class,
} from './holdout18.js';
import { holdoutModelTests, holdoutTestPopulation } from './holdoutModelTests.js';
import { mulberry32, personNames, renderNames, type ScriptStyle } from './search/variants.js';

const population = holdoutTestPopulation;

describe('holdout18', () => {
  holdoutModelTests({
    name: 'holdout18',
    classes: HOLDOUT18_CLASSES,
    names: holdout18Names,
    queries: generateHoldout18Queries,
    listClassesAtLeast: 4,
  });

  it('writes cursive misreadings, Italian and Spanish, Russian patronymics, specks and Word typography', () => {
    const rand = mulberry32(11);
    const seen = {
      cursive: false,
      latinShape: false,
      it: false,
      es: false,
      ru: false,
      speck: false,
      bullet: false,
    };
    const write = (row: (typeof population)[number], cls: Holdout18Class, style: ScriptStyle = 'uk') => {
      const p = personNames(row);
      return holdout18Names(p, row, renderNames(p, style, rand), row.birth_date, cls, rand);
    };
    for (const row of population) {
      const h = write(row, 'handwriting');
      const text = `${h.family} ${h.given} ${h.patronymic}`;
      if (h.applied === 'handwriting' && /[щшмлоайївбнп]/u.test(text)) seen.cursive = true;
      if (/[\u0400-\u04ff][mung]|[mung][\u0400-\u04ff]/u.test(text)) seen.latinShape = true;
      const s = JSON.stringify(write(row, 'spelling_it_es'));
      if (/sc[ei]|ciuk|cia/u.test(s)) seen.it = true;
      if (/Mijail|ja[a-z]*chenko|Jar|Yuri/u.test(s)) seen.es = true;
      if (/ович|евна|овна|евич/u.test(write(row, 'ru_patronymic').patronymic)) seen.ru = true;
      if (/\p{L}[.,'·:;´|`]\p{L}/u.test(JSON.stringify(write(row, 'speck_punct')))) seen.speck = true;
      if (/^[•–—▪●➢◦►·o-]/u.test(write(row, 'word_typography').family)) seen.bullet = true;
    }
    expect(seen).toEqual({
      cursive: true,
      latinShape: true,
      it: true,
      es: true,
      ru: true,
      speck: true,
      bullet: true,
    });
  });

  it('misreads no first letter, and keeps the given name Ukrainian under a Russian patronymic', () => {
    const rand = mulberry32(13);
    for (const row of population.slice(0, 300)) {
      const p = personNames(row);
      const base = renderNames(p, 'uk', rand);
      const h = holdout18Names(p, row, base, row.birth_date, 'handwriting', rand);
      expect([...h.family][0]).toBe([...base.family][0]);
      const r = holdout18Names(p, row, base, row.birth_date, 'ru_patronymic', rand);
      if (r.applied === 'ru_patronymic') {
        expect(r.given).toBe(p.givenUk);
        expect(r.patronymic).toBe(p.patronymicRu);
      }
    }
  });
});
