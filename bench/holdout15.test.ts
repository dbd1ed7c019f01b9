import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../packages/server/src/seed/population.js';
import {
  HOLDOUT15_CLASSES,
  generateHoldout15Queries,
  holdout15Names,
  type Holdout15Class,
} from './holdout15.js';
import { incomingList, PROFILES } from './linkage/sets.js';
import { mulberry32, personNames, renderNames } from './search/variants.js';

const population = [...generatePopulation({ persons: 600, seed: 5, profile: 'realistic' })];

describe('holdout15', () => {
  it('shares sum to one', () => {
    const sum = Object.values(HOLDOUT15_CLASSES).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 9);
  });

  it('writes every class, deterministically', () => {
    const write = (seed: number) => {
      const rand = mulberry32(seed);
      const out: string[] = [];
      for (const row of population)
        for (const cls of Object.keys(HOLDOUT15_CLASSES) as Holdout15Class[]) {
          const p = personNames(row);
          const w = holdout15Names(p, row, renderNames(p, 'uk', rand), row.birth_date, cls, rand);
          out.push(JSON.stringify(w));
        }
      return out;
    };
    const a = write(3);
    expect(write(3)).toEqual(a);
    for (const cls of Object.keys(HOLDOUT15_CLASSES))
      expect(a.some((w) => w.includes(`"applied":"${cls}"`))).toBe(true);
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

  it('labels its linkage rows and its queries by class', () => {
    const list = incomingList(300, 200, 2, PROFILES.holdout15, 'realistic');
    const classes = new Set(list.map((r) => r.noise));
    expect([...classes].filter((c) => c !== undefined && c in HOLDOUT15_CLASSES).length).toBeGreaterThan(3);
    const set = generateHoldout15Queries(population, { queries: 200, seed: 1 });
    expect(set.queries.every((q) => q.noise.some((l) => l.startsWith('holdout15:')))).toBe(true);
  });
});
