import { describe, expect, it } from 'vitest';
import {
  HOLDOUT17_CLASSES,
  generateHoldout17Queries,
  holdout17Names,
  type Holdout17Class,
} from './holdout17.js';
import { holdoutModelTests, holdoutTestPopulation } from './holdoutModelTests.js';
import { mulberry32, personNames, renderNames, type ScriptStyle } from './search/variants.js';

const population = holdoutTestPopulation;

describe('holdout17', () => {
  holdoutModelTests({
    name: 'holdout17',
    classes: HOLDOUT17_CLASSES,
    names: holdout17Names,
    queries: generateHoldout17Queries,
    listClassesAtLeast: 3,
  });

  it('writes vocatives, PROPER capitals, German and Polish letters, two persons and line breaks', () => {
    const rand = mulberry32(11);
    const seen = { vocative: false, proper: false, de: false, pl: false, two: false, lines: false };
    const write = (row: (typeof population)[number], cls: Holdout17Class, style: ScriptStyle = 'uk') => {
      const p = personNames(row);
      return holdout17Names(p, row, renderNames(p, style, rand), row.birth_date, cls, rand);
    };
    for (const row of population) {
      const v = write(row, 'vocative');
      if (/^(?:Андрію|Миколо|Олено|Іване|Олеже|Петре)$/u.test(v.given) || /ичу$/u.test(v.patronymic))
        seen.vocative = true;
      if (/['’ʼ]\p{Lu}|-\p{Ll}/u.test(JSON.stringify(write(row, 'proper_caps')))) seen.proper = true;
      const d = JSON.stringify(write(row, 'de_pl_russian'));
      if (/witsch|Sergej|Alexej|Jewgenij|Schew/u.test(d)) seen.de = true;
      if (/wicz|Siergiej|Aleksiej|Szew|ł/u.test(d)) seen.pl = true;
      if (/ та | і |, /u.test(JSON.stringify(write(row, 'two_persons')))) seen.two = true;
      if (/\\n/u.test(JSON.stringify(write(row, 'line_break')))) seen.lines = true;
    }
    expect(seen).toEqual({ vocative: true, proper: true, de: true, pl: true, two: true, lines: true });
  });

  it('writes no vocative for a Russian row, and both persons for two_persons', () => {
    const rand = mulberry32(13);
    for (const row of population.slice(0, 200)) {
      const p = personNames(row);
      const ru = holdout17Names(p, row, renderNames(p, 'ru', rand), row.birth_date, 'vocative', rand);
      if (p.givenRu !== p.givenUk) expect(ru.applied).toBe('clean');
      const two = holdout17Names(p, row, renderNames(p, 'uk', rand), row.birth_date, 'two_persons', rand);
      if (two.applied === 'two_persons') {
        const text = `${two.family} ${two.given}`;
        expect(text.includes(p.givenUk) || text.includes(`${[...p.givenUk][0]}.`)).toBe(true);
      }
    }
  });
});
