import { describe, expect, it } from 'vitest';
import { GIVEN_NAME_CLASSES, UKRAINIAN_SURNAMES, type GivenNameClass } from '../../../names/src/index.js';
import type { CanonicalCsvRow } from '../modules/registry/vocabulary.js';
import { Kinship, RELATION_SHARES, type DrawnRelative, type KinPerson, type NameDraws } from './families.js';
import { generatePopulation, mulberry32 } from './population.js';

const males = GIVEN_NAME_CLASSES.filter((c) => c.sex === 'male');
const females = GIVEN_NAME_CLASSES.filter((c) => c.sex === 'female');
const draws: NameDraws = {
  given: (sex, _year, r) => (sex === 'male' ? males : females)[Math.floor(r * 40)] as GivenNameClass,
  father: (_year, r) => males[Math.floor(r * 40)] as GivenNameClass,
};

/** A registry of `n` unrelated persons born 1940–2019, and relatives drawn for as many newcomers. */
function drawMany(n: number): { anchors: Map<string, KinPerson>; drawn: [KinPerson, DrawnRelative][] } {
  const rand = mulberry32(9);
  const kin = new Kinship();
  const anchors = new Map<string, KinPerson>();
  const person = (id: string): KinPerson => {
    const sex = rand() < 0.5 ? 'male' : 'female';
    return {
      id,
      surname: UKRAINIAN_SURNAMES[Math.floor(rand() * 50)] as KinPerson['surname'],
      sex,
      given: draws.given(sex, 0, rand()),
      father: draws.father(0, rand()),
      year: 1940 + Math.floor(rand() * 80),
      month: 1 + Math.floor(rand() * 12),
      day: 1 + Math.floor(rand() * 28),
    };
  };
  for (let i = 0; i < n; i++) {
    const p = person(`a${i}`);
    anchors.set(p.id, p);
    kin.add(p);
  }
  const drawn: [KinPerson, DrawnRelative][] = [];
  for (let i = 0; i < n; i++) {
    const self = person(`r${i}`);
    const d = kin.draw(self, draws, rand);
    if (d !== null) drawn.push([self, d]);
  }
  return { anchors, drawn };
}

describe('Kinship.draw', () => {
  const { anchors, drawn } = drawMany(2000);

  it('finds an anchor for nearly every newcomer and draws each relation', () => {
    expect(drawn.length).toBeGreaterThan(1950);
    const seen = new Set(drawn.map(([, d]) => d.relation));
    expect([...seen].sort()).toEqual(Object.keys(RELATION_SHARES).sort());
  });

  it('names each relative as its relation does and keeps what the generator drew for it', () => {
    for (const [self, d] of drawn) {
      const a = anchors.get(d.of) as KinPerson;
      const p = d.person;
      // The newcomer's own draws that a relation never changes.
      expect([p.id, p.sex, p.year]).toEqual([self.id, self.sex, self.year]);
      expect(p.surname).toBe(a.surname);
      const gap = a.year - p.year;
      switch (d.relation) {
        case 'sibling':
        case 'twin':
          expect(p.father).toBe(a.father);
          if (d.relation === 'twin') expect([gap, p.month, p.day]).toEqual([0, a.month, a.day]);
          else expect(Math.abs(gap)).toBeGreaterThanOrEqual(1);
          expect(Math.abs(gap)).toBeLessThanOrEqual(8);
          break;
        case 'child':
          expect(-gap).toBeGreaterThanOrEqual(20);
          expect(-gap).toBeLessThanOrEqual(35);
          if (a.sex === 'male') expect(p.father).toBe(a.given);
          break;
        case 'parent':
          expect(gap).toBeGreaterThanOrEqual(20);
          expect(gap).toBeLessThanOrEqual(35);
          if (p.sex === 'male') expect(p.given).toBe(a.father);
          break;
        case 'spouse':
          expect(p.sex).not.toBe(a.sex);
          expect(Math.abs(gap)).toBeLessThanOrEqual(5);
          break;
        case 'cousin':
          expect([p.sex, p.given.id]).toEqual([a.sex, a.given.id]);
          expect(p.father.id).not.toBe(a.father.id);
          expect(Math.abs(gap)).toBeLessThanOrEqual(8);
          break;
      }
      expect(d.kin === 'parent_child_same_name').toBe(
        (d.relation === 'child' || d.relation === 'parent') && p.given.id === a.given.id,
      );
    }
  });

  it('gives siblings other given names and some sons their father’s', () => {
    const siblings = drawn.filter(([, d]) => d.relation === 'sibling' || d.relation === 'twin');
    const sameName = siblings.filter(([, d]) => d.person.given.id === anchors.get(d.of)?.given.id);
    expect(sameName.length).toBeLessThan(siblings.length * 0.01);
    expect(drawn.some(([, d]) => d.kin === 'parent_child_same_name')).toBe(true);
  });
});

describe('Kinship.kinOf', () => {
  it('names a drawn relation either way, one that two relations through a third make, and no relation', () => {
    const p = (id: string): KinPerson => ({
      id,
      surname: UKRAINIAN_SURNAMES[0] as KinPerson['surname'],
      sex: 'male',
      given: males[0] as GivenNameClass,
      father: males[1] as GivenNameClass,
      year: 1970,
      month: 1,
      day: 1,
    });
    const kin = new Kinship();
    const rel = (id: string, of: string, relation: DrawnRelative['relation']): void =>
      kin.add(p(id), { person: p(id), of, relation, kin: relation === 'child' ? 'parent_child' : 'spouse' });
    kin.add(p('father'));
    rel('son', 'father', 'child');
    rel('daughter', 'father', 'child');
    rel('mother', 'father', 'spouse');
    kin.add(p('stranger'));
    expect(kin.kinOf('son', 'father')).toBe('parent_child');
    expect(kin.kinOf('father', 'son')).toBe('parent_child');
    expect(kin.kinOf('son', 'daughter')).toBe('sibling');
    expect(kin.kinOf('mother', 'son')).toBe('parent_child');
    expect(kin.kinOf('son', 'stranger')).toBeNull();
  });
});

describe('generatePopulation with families', () => {
  const N = 20_000;
  const off = [...generatePopulation({ persons: N, seed: 5, profile: 'realistic' })];
  const kin = new Kinship();
  const on = [...generatePopulation({ persons: N, seed: 5, profile: 'realistic', families: 0.3, kin })];
  const byId = new Map(on.map((r) => [r.external_id, r]));

  it('draws about the share asked as relatives, and everyone else as without families', () => {
    expect(kin.relatives.size / N).toBeGreaterThan(0.28);
    expect(kin.relatives.size / N).toBeLessThan(0.31);
    on.forEach((row, i) => {
      if (!kin.relatives.has(row.external_id)) expect(row).toEqual(off[i]);
    });
  });

  it('changes only a relative’s names and, for a twin, its birth day', () => {
    const keep = (r: CanonicalCsvRow): unknown[] => [
      r.external_id,
      r.category,
      r.sex,
      r.birth_date.slice(0, 4),
      r.birth_date.length,
      r.status,
      r.unit,
      r.service_number,
      r.patronymic === '',
    ];
    on.forEach((row, i) => {
      if (kin.relatives.has(row.external_id)) expect(keep(row)).toEqual(keep(off[i] as CanonicalCsvRow));
    });
  });

  it('writes brothers under one surname and patronymic, and twins born the same day', () => {
    let brothers = 0;
    let twins = 0;
    for (const [id, r] of kin.relatives) {
      const x = byId.get(id) as CanonicalCsvRow;
      const a = byId.get(r.of) as CanonicalCsvRow;
      const sameScript = /[іїєґ]/u.test(x.given_name) === /[іїєґ]/u.test(a.given_name);
      if (r.kin === 'twin' && x.birth_date.length === 10 && a.birth_date.length === 10) {
        expect(x.birth_date).toBe(a.birth_date);
        twins++;
      }
      if (r.kin !== 'sibling' || x.sex !== 'male' || a.sex !== 'male') continue;
      if (x.patronymic === '' || a.patronymic === '' || !sameScript) continue;
      if (x.family_name !== a.family_name || x.patronymic !== a.patronymic) continue;
      brothers++;
    }
    expect(twins).toBeGreaterThan(100);
    expect(brothers).toBeGreaterThan(300);
  });

  it('draws one father and one mother a person, and one spouse', () => {
    const fathers = new Map<string, number>();
    const spouses = new Map<string, number>();
    const add = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
    for (const [id, r] of kin.relatives) {
      const x = byId.get(id) as CanonicalCsvRow;
      const a = byId.get(r.of) as CanonicalCsvRow;
      if (r.relation === 'parent' && x.sex === 'male') add(fathers, r.of);
      if (r.relation === 'child' && a.sex === 'male') add(fathers, id);
      if (r.relation === 'spouse') {
        add(spouses, id);
        add(spouses, r.of);
      }
    }
    expect(Math.max(...fathers.values())).toBe(1);
    expect(Math.max(...spouses.values())).toBe(1);
  });

  it('refuses a share outside 0 to 1', () => {
    expect(() => [...generatePopulation({ persons: 1, families: 1.5 })]).toThrow(/families/);
  });
});
