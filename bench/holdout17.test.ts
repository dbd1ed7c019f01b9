import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../packages/server/src/seed/population.js';
import {
  HOLDOUT17_CLASSES,
  generateHoldout17Queries,
  holdout17Names,
  type Holdout17Class,
} from './holdout17.js';
import { incomingList, PROFILES } from './linkage/sets.js';
import { mulberry32, personNames, renderNames, type ScriptStyle } from './search/variants.js';

const population = [...generatePopulation({ persons: 600, seed: 5, profile: 'realistic' })];

describe('holdout17', () => {
  it('shares sum to one', () => {
    const sum = Object.values(HOLDOUT17_CLASSES).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 9);
  });

  it('writes every class, deterministically', () => {
    const write = (seed: number) => {
      const rand = mulberry32(seed);
      const out: string[] = [];
      for (const row of population)
        for (const cls of Object.keys(HOLDOUT17_CLASSES) as Holdout17Class[]) {
          const p = personNames(row);
          const w = holdout17Names(p, row, renderNames(p, 'uk', rand), row.birth_date, cls, rand);
          out.push(JSON.stringify(w));
        }
      return out;
    };
    const a = write(3);
    expect(write(3)).toEqual(a);
    for (const cls of Object.keys(HOLDOUT17_CLASSES))
      expect(a.some((w) => w.includes(`"applied":"${cls}"`))).toBe(true);
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

  it('labels its linkage rows and its queries by class', () => {
    const list = incomingList(300, 200, 2, PROFILES.holdout17, 'realistic');
    const classes = new Set(list.map((r) => r.noise));
    expect([...classes].filter((c) => c !== undefined && c in HOLDOUT17_CLASSES).length).toBeGreaterThan(2);
    const set = generateHoldout17Queries(population, { queries: 200, seed: 1 });
    expect(set.queries.every((q) => q.noise.some((l) => l.startsWith('holdout17:')))).toBe(true);
  });
});
