import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../packages/server/src/seed/population.js';
import {
  HOLDOUT14_CLASSES,
  generateHoldout14Queries,
  holdout14Names,
  type Holdout14Class,
} from './holdout14.js';
import { incomingList, PROFILES } from './linkage/sets.js';
import { mulberry32, personNames, renderNames } from './search/variants.js';

const population = [...generatePopulation({ persons: 600, seed: 5, profile: 'realistic' })];

describe('holdout14', () => {
  it('shares sum to one', () => {
    const sum = Object.values(HOLDOUT14_CLASSES).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 9);
  });

  it('writes every class, deterministically', () => {
    const write = (seed: number) => {
      const rand = mulberry32(seed);
      const out: string[] = [];
      for (const row of population)
        for (const cls of Object.keys(HOLDOUT14_CLASSES) as Holdout14Class[]) {
          const p = personNames(row);
          const w = holdout14Names(p, row, renderNames(p, 'uk', rand), row.birth_date, cls, rand);
          out.push(JSON.stringify(w));
        }
      return out;
    };
    const a = write(3);
    expect(write(3)).toEqual(a);
    for (const cls of Object.keys(HOLDOUT14_CLASSES))
      expect(a.some((w) => w.includes(`"applied":"${cls}"`))).toBe(true);
  });

  it('writes a ditto mark, a shifted row and a service number as the classes say', () => {
    const rand = mulberry32(11);
    const seen = { dittoFamily: false, dateUnderPatronymic: false, serviceLabel: false };
    for (const row of population) {
      const p = personNames(row);
      const d = holdout14Names(p, row, renderNames(p, 'uk', rand), row.birth_date, 'ditto', rand);
      if (/\/\/|"|〃|те|то|do|same/u.test(d.family)) seen.dittoFamily = true;
      const s = holdout14Names(p, row, renderNames(p, 'uk', rand), row.birth_date, 'column_shift', rand);
      if (/^\d\d\.\d\d\.\d{4}$/u.test(s.patronymic)) seen.dateUnderPatronymic = true;
      const n = holdout14Names(p, row, renderNames(p, 'uk', rand), row.birth_date, 'service_written', rand);
      if (n.serviceNumber !== undefined && n.serviceNumber !== row.service_number) seen.serviceLabel = true;
    }
    expect(seen).toEqual({ dittoFamily: true, dateUnderPatronymic: true, serviceLabel: true });
  });

  it('labels its linkage rows and its queries by class', () => {
    const list = incomingList(300, 200, 2, PROFILES.holdout14, 'realistic');
    const classes = new Set(list.map((r) => r.noise));
    expect([...classes].filter((c) => c !== undefined && c in HOLDOUT14_CLASSES).length).toBeGreaterThan(3);
    const set = generateHoldout14Queries(population, { queries: 200, seed: 1 });
    expect(set.queries.every((q) => q.noise.some((l) => l.startsWith('holdout14:')))).toBe(true);
  });
});
