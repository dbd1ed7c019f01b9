import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../packages/server/src/seed/population.js';
import {
  HOLDOUT16_CLASSES,
  generateHoldout16Queries,
  holdout16Names,
  type Holdout16Class,
} from './holdout16.js';
import { incomingList, PROFILES } from './linkage/sets.js';
import { mulberry32, personNames, renderNames } from './search/variants.js';

const population = [...generatePopulation({ persons: 600, seed: 5, profile: 'realistic' })];

describe('holdout16', () => {
  it('shares sum to one', () => {
    const sum = Object.values(HOLDOUT16_CLASSES).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 9);
  });

  it('writes every class, deterministically', () => {
    const write = (seed: number) => {
      const rand = mulberry32(seed);
      const out: string[] = [];
      for (const row of population)
        for (const cls of Object.keys(HOLDOUT16_CLASSES) as Holdout16Class[]) {
          const p = personNames(row);
          const w = holdout16Names(p, row, renderNames(p, 'uk', rand), row.birth_date, cls, rand);
          out.push(JSON.stringify(w));
        }
      return out;
    };
    const a = write(3);
    expect(write(3)).toEqual(a);
    for (const cls of Object.keys(HOLDOUT16_CLASSES))
      expect(a.some((w) => w.includes(`"applied":"${cls}"`))).toBe(true);
  });

  it('writes Ukrainian letters, marks, places, capture dates, relatives and an initial as the classes say', () => {
    const rand = mulberry32(11);
    const seen = { letters: false, mark: false, place: false, capture: false, kin: false, initial: false };
    const write = (row: (typeof population)[number], cls: Holdout16Class) => {
      const p = personNames(row);
      return holdout16Names(p, row, renderNames(p, 'ru', rand), row.birth_date, cls, rand);
    };
    for (const row of population) {
      if (/^(?:Сєргєй|Дмітрій|Алєксандр|Ніколай)$/u.test(write(row, 'ru_uk_letters').given))
        seen.letters = true;
      if (/(?:ст\.|мол\.|мл\.|старший|молодший|младший)\)?$/u.test(write(row, 'generation_mark').family))
        seen.mark = true;
      if (/(?:м\.|с\.) \p{Lu}/u.test(JSON.stringify(write(row, 'place_in_name')))) seen.place = true;
      const c = write(row, 'capture_in_birth');
      if (
        c.applied === 'capture_in_birth' &&
        /20(?:22|23|24|25)/u.test(c.birth) &&
        !c.birth.includes(row.birth_date)
      )
        seen.capture = true;
      if (/(?:мати|мать|дружина|жена|сестра) /u.test(JSON.stringify(write(row, 'kin_named'))))
        seen.kin = true;
      const i = write(row, 'given_initial_only');
      if (i.applied === 'given_initial_only' && /^\p{Lu}\.?$/u.test(i.given) && i.patronymic.length > 4)
        seen.initial = true;
    }
    expect(seen).toEqual({ letters: true, mark: true, place: true, capture: true, kin: true, initial: true });
  });

  it('labels its linkage rows and its queries by class', () => {
    const list = incomingList(300, 200, 2, PROFILES.holdout16, 'realistic');
    const classes = new Set(list.map((r) => r.noise));
    expect([...classes].filter((c) => c !== undefined && c in HOLDOUT16_CLASSES).length).toBeGreaterThan(3);
    const set = generateHoldout16Queries(population, { queries: 200, seed: 1 });
    expect(set.queries.every((q) => q.noise.some((l) => l.startsWith('holdout16:')))).toBe(true);
  });
});
