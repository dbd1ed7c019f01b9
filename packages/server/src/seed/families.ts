/**
 * Relatives in the generated population (`PopulationOptions.families`): a share of persons drawn as the
 * relative of an earlier person, named as Ukrainian families name their members, so that the benchmarks
 * meet namesakes who are family (issue #11: "strangers sharing common names"). Everyone is still generated.
 *
 * What a relative takes from the earlier person (its anchor), following reference/names.md §6.3 (the
 * patronymic is formed from the father's given name; -ський/-ов surnames take a feminine form, -енко, -ук,
 * -ко do not) — the figures are assumptions, written down here because no census gives them:
 * - sibling (a brother or sister, 38% of relatives): the surname and the father, born 1–8 years apart, another
 *   given name (parents rarely give two children one name);
 * - twin (4%): as a sibling, born the same day;
 * - child or parent (14% each, one pair seen from either side): the surname; the child's patronymic is the
 *   father's given name; born 20–35 years apart. A son takes his father's given name (Іван Іванович, son of
 *   Іван Петрович) in 15% of sons born before 1970, 6% in the 1970s–80s and 3% later;
 * - spouse (14%): the other sex, the surname (most wives take the husband's), born within 5 years, fathers
 *   unrelated;
 * - cousin (16%): the same sex, surname and given name (both named after one grandfather or grandmother),
 *   fathers who are brothers and so differ, born within 8 years.
 * A relative keeps what the generator drew for its own person (category, sex, script, birth year and the
 * precision it is written with, status, unit, service number); the anchor is looked for among earlier persons
 * born at the distance the relation needs, and a person for whom none is found stays unrelated.
 */
import type { GivenNameClass, SurnameEntry } from '@homecoming/names';
import type { Sex } from '../modules/registry/vocabulary.js';

/** How a relative was drawn from its anchor, seen from the relative. */
export const RELATION_SHARES = {
  sibling: 0.38,
  twin: 0.04,
  child: 0.14,
  parent: 0.14,
  spouse: 0.14,
  cousin: 0.16,
} as const;
export type Relation = keyof typeof RELATION_SHARES;

/** The relation of two persons of one family as the benchmarks report it (either way round). */
export type Kin = 'sibling' | 'twin' | 'parent_child' | 'parent_child_same_name' | 'spouse' | 'cousin';

/** What the generator knows of a person, for drawing its relatives (the father's class even when unwritten). */
export interface KinPerson {
  id: string;
  surname: SurnameEntry;
  sex: Sex;
  given: GivenNameClass;
  father: GivenNameClass;
  year: number;
  month: number;
  day: number;
}

/** The given-name draws of the population's profile (by birth year where the profile has cohorts). */
export interface NameDraws {
  given(sex: Sex, year: number, r: number): GivenNameClass;
  father(year: number, r: number): GivenNameClass;
}

/** A relative as drawn: the new person's names and birth day, and whose relative it is. */
export interface DrawnRelative {
  person: KinPerson;
  of: string;
  relation: Relation;
  kin: Kin;
}

/** Share of sons given their father's given name, by the son's birth year. */
function sameNameShare(year: number): number {
  return year < 1970 ? 0.15 : year < 1990 ? 0.06 : 0.03;
}

/** Where the anchor's birth year lies from the relative's: [least, most] years later (negative: earlier). */
const YEARS: Readonly<Record<Relation, readonly [number, number]>> = {
  sibling: [-8, 8],
  twin: [0, 0],
  child: [-35, -20],
  parent: [20, 35],
  spouse: [-5, 5],
  cousin: [-8, 8],
};

/** A's relation to B, from B's to A. */
const INVERSE: Readonly<Record<Relation, Relation>> = {
  sibling: 'sibling',
  twin: 'twin',
  child: 'parent',
  parent: 'child',
  spouse: 'spouse',
  cousin: 'cousin',
};

/**
 * The relation of A and C, from A's to B and B's to C (keyed `A-to-B B-to-C`), where it is one the reports
 * name: siblings of one person, children of one parent, a sibling's parent, both parents of one child.
 */
const COMPOSED: Readonly<Record<string, Kin>> = {
  'sibling sibling': 'sibling',
  'sibling twin': 'sibling',
  'twin sibling': 'sibling',
  'twin twin': 'twin',
  'child parent': 'sibling',
  'parent sibling': 'parent_child',
  'parent twin': 'parent_child',
  'sibling child': 'parent_child',
  'twin child': 'parent_child',
  'parent child': 'spouse',
  'child spouse': 'parent_child',
  'spouse parent': 'parent_child',
  'cousin cousin': 'cousin',
};

/**
 * The persons of a generated population and who is whose relative. A population's persons are written
 * to it as they are generated (`PopulationOptions.kin`); another population may draw its relatives among
 * them (`PopulationOptions.relativesOf`: the outsiders of a registry whose families are in it).
 */
export class Kinship {
  /** Each relative's anchor and relation, by the relative's external id. */
  readonly relatives = new Map<string, { of: string; relation: Relation; kin: Kin }>();
  private readonly byYear = new Map<number, KinPerson[]>();
  private readonly family = new Map<string, string>();
  /** The relatives drawn of each person, with their relation to it. */
  private readonly drawnOf = new Map<string, { id: string; relation: Relation; kin: Kin }[]>();
  /**
   * One father, one mother, one spouse: each person's sibship (its siblings share it), the sibship of each
   * parent's children, a sibship's father and mother drawn as persons and its father's name class, and
   * whom a person is drawn married to. Without them two fathers of one child were drawn, one name each.
   */
  private readonly sibshipOf = new Map<string, string>();
  private readonly childrenOf = new Map<string, string>();
  private readonly parentsOf = new Map<
    string,
    { male?: string; female?: string; fatherClass?: GivenNameClass }
  >();
  private readonly married = new Set<string>();
  private readonly sexOf = new Map<string, Sex>();

  /** Writes a person (and, for a relative, its anchor and relation). */
  add(p: KinPerson, drawn?: DrawnRelative): void {
    const l = this.byYear.get(p.year);
    if (l === undefined) this.byYear.set(p.year, [p]);
    else l.push(p);
    this.sexOf.set(p.id, p.sex);
    this.sibshipOf.set(p.id, p.id);
    this.parentsOf.set(p.id, { fatherClass: p.father });
    if (drawn === undefined) this.family.set(p.id, p.id);
    else {
      this.place(p, drawn);
      this.relatives.set(p.id, { of: drawn.of, relation: drawn.relation, kin: drawn.kin });
      this.family.set(p.id, this.family.get(drawn.of) ?? drawn.of);
      const l = this.drawnOf.get(drawn.of);
      const entry = { id: p.id, relation: drawn.relation, kin: drawn.kin };
      if (l === undefined) this.drawnOf.set(drawn.of, [entry]);
      else l.push(entry);
    }
  }

  /** A relative's place in its anchor's family: its sibship, its parents, its marriage. */
  private place(p: KinPerson, drawn: DrawnRelative): void {
    const a = drawn.of;
    switch (drawn.relation) {
      case 'sibling':
      case 'twin':
        this.sibshipOf.set(p.id, this.sibshipOf.get(a) ?? a);
        break;
      case 'child': {
        const sibship = this.childrenOf.get(a) ?? p.id;
        this.childrenOf.set(a, sibship);
        this.sibshipOf.set(p.id, sibship);
        const parents = this.parentsOf.get(sibship) ?? {};
        const sex = this.sexOf.get(a);
        if (sex !== undefined) parents[sex] = a;
        parents.fatherClass = p.father;
        this.parentsOf.set(sibship, parents);
        break;
      }
      case 'parent': {
        const sibship = this.sibshipOf.get(a) ?? a;
        this.childrenOf.set(p.id, sibship);
        const parents = this.parentsOf.get(sibship) ?? {};
        parents[p.sex] = p.id;
        this.parentsOf.set(sibship, parents);
        break;
      }
      case 'spouse':
        this.married.add(p.id);
        this.married.add(a);
        break;
      case 'cousin':
        break;
    }
  }

  /** Whether `anchor` may take `self` as its relation: one father and one mother a sibship, one spouse a person. */
  private fits(self: KinPerson, anchor: KinPerson, relation: Relation): boolean {
    switch (relation) {
      case 'parent':
        return this.parentsOf.get(this.sibshipOf.get(anchor.id) ?? anchor.id)?.[self.sex] === undefined;
      case 'spouse':
        return !this.married.has(anchor.id);
      default:
        return true;
    }
  }

  /**
   * How two persons of this population are related: a relation drawn between them, either way round; one
   * that two drawn relations through a third person make (two children of one father are siblings, a
   * child's two parents are spouses: COMPOSED); `family` when they are of one family
   * otherwise (an uncle, an in-law); null when they are not.
   */
  kinOf(a: string, b: string): Kin | 'family' | null {
    const fa = this.family.get(a);
    if (fa === undefined || fa !== this.family.get(b)) return null;
    const direct = this.related(a).find((x) => x.id === b);
    if (direct !== undefined) return direct.kin;
    for (const viaA of this.related(a))
      for (const viaB of this.related(viaA.id))
        if (viaB.id === b) return COMPOSED[`${viaA.relation} ${viaB.relation}`] ?? 'family';
    return 'family';
  }

  /** Whom a person was drawn beside, either way: its anchor and the relatives drawn of it, with its relation to each. */
  private related(id: string): { id: string; relation: Relation; kin: Kin }[] {
    const out: { id: string; relation: Relation; kin: Kin }[] = [];
    const own = this.relatives.get(id);
    if (own !== undefined) out.push({ id: own.of, relation: own.relation, kin: own.kin });
    for (const r of this.drawnOf.get(id) ?? [])
      out.push({ id: r.id, relation: INVERSE[r.relation], kin: r.kin });
    return out;
  }

  /** Draws a relative for `self` among the persons written so far, or null when none is born at a fitting distance. */
  draw(self: KinPerson, names: NameDraws, rand: () => number): DrawnRelative | null {
    for (let attempt = 0; attempt < 8; attempt++) {
      const relation = pickRelation(rand());
      const [lo, hi] = YEARS[relation];
      const year = self.year + lo + Math.floor(rand() * (hi - lo + 1));
      const born = this.byYear.get(year);
      if (born === undefined || born.length === 0) continue;
      const anchor = born[Math.floor(rand() * born.length)] as KinPerson;
      if (relation === 'spouse' && anchor.sex === self.sex) continue;
      if (relation === 'cousin' && anchor.sex !== self.sex) continue;
      if (relation === 'sibling' && anchor.year === self.year) continue;
      if (!this.fits(self, anchor, relation)) continue;
      // A child of a mother whose children have a father: his.
      const sibship = relation === 'child' ? this.childrenOf.get(anchor.id) : undefined;
      const father = sibship === undefined ? undefined : this.parentsOf.get(sibship)?.fatherClass;
      return relativeOf(self, anchor, relation, names, rand, father);
    }
    return null;
  }
}

function pickRelation(r: number): Relation {
  let acc = 0;
  for (const [relation, share] of Object.entries(RELATION_SHARES) as [Relation, number][]) {
    acc += share;
    if (r < acc) return relation;
  }
  return 'sibling';
}

/** A given name other than `not` (parents do not give two children one name; a few tries, then any). */
function otherGiven(
  names: NameDraws,
  sex: Sex,
  year: number,
  not: GivenNameClass,
  rand: () => number,
): GivenNameClass {
  let g = names.given(sex, year, rand());
  for (let k = 0; k < 8 && g.id === not.id; k++) g = names.given(sex, year, rand());
  return g;
}

function relativeOf(
  self: KinPerson,
  a: KinPerson,
  relation: Relation,
  names: NameDraws,
  rand: () => number,
  childrensFather?: GivenNameClass,
): DrawnRelative {
  const p: KinPerson = { ...self, surname: a.surname };
  let kin: Kin;
  switch (relation) {
    case 'sibling':
    case 'twin':
      p.father = a.father;
      p.given = otherGiven(names, p.sex, p.year, a.given, rand);
      if (relation === 'twin') {
        p.month = a.month;
        p.day = a.day;
      }
      kin = relation;
      break;
    case 'child': {
      p.father = a.sex === 'male' ? a.given : (childrensFather ?? names.father(p.year, rand()));
      const namesake = p.sex === 'male' && a.sex === 'male' && rand() < sameNameShare(p.year);
      p.given = namesake ? a.given : names.given(p.sex, p.year, rand());
      kin = p.given.id === a.given.id ? 'parent_child_same_name' : 'parent_child';
      break;
    }
    case 'parent':
      // The anchor's patronymic names its father.
      p.given = p.sex === 'male' ? a.father : names.given(p.sex, p.year, rand());
      p.father = names.father(p.year, rand());
      kin = p.given.id === a.given.id ? 'parent_child_same_name' : 'parent_child';
      break;
    case 'spouse':
      p.given = names.given(p.sex, p.year, rand());
      p.father = names.father(p.year, rand());
      kin = 'spouse';
      break;
    case 'cousin': {
      p.given = a.given;
      let f = names.father(p.year, rand());
      for (let k = 0; k < 8 && f.id === a.father.id; k++) f = names.father(p.year, rand());
      p.father = f;
      kin = 'cousin';
      break;
    }
  }
  return { person: p, of: a.id, relation, kin };
}
