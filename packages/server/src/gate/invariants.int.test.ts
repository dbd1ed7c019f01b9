import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, principalOfUserId, type Principal } from '../auth/permissions.js';
import { mergePersons } from '../commands/mergePersons.js';
import { newId } from '../db/ids.js';
import { AppError } from '../errors.js';
import { acceptPair, rejectPair, splitPersonRecords } from '../modules/linkage/service.js';
import { getPersonDetail, listPersonsPage, setWithheld } from '../modules/persons/service.js';
import { createRecord } from '../modules/records/service.js';
import { ensureOrganisation } from '../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../test/databases.js';
import { publicPrincipal, relativePrincipal } from './principal.js';

/** Generated names only; few of them, so that record linkage joins some records into one person. */
const NAMES = [
  { family_name: 'Інваріантенко', given_name: 'Олесь', birth_date: '1981-02-03' },
  { family_name: 'Властивенко', given_name: 'Роман', birth_date: '1992-07-08' },
  { family_name: 'Послідовенко', given_name: 'Денис', birth_date: '1975-11-12' },
];

type Org = 0 | 1;
type Step =
  | { op: 'create'; org: Org; name: number; join: boolean; pick: number }
  | { op: 'merge'; org: Org; a: number; b: number }
  | { op: 'split'; org: Org; pick: number; actorOrg: Org }
  | { op: 'withhold'; org: Org; pick: number; withheld: boolean; actorOrg: Org }
  | { op: 'review'; org: Org; a: number; b: number; accept: boolean; actorOrg: Org; analyst: boolean };

const org = fc.constantFrom<Org>(0, 1);
const pick = fc.nat(20);
/** The organisation of whoever acts: mostly the object's own, sometimes the other one (then refused). */
const actorOf = fc
  .tuple(org, fc.nat(3))
  .map(([o, n]) => ({ org: o, actorOrg: (n === 0 ? 1 - o : o) as Org }));
// Creation weighs most, so that persons gather several records for splits and merges to act on.
const STEP: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc
      .tuple(org, fc.nat(NAMES.length - 1), fc.boolean(), pick)
      .map(([o, name, join, p]): Step => ({ op: 'create', org: o, name, join, pick: p })),
    weight: 4,
  },
  fc.tuple(org, pick, pick).map(([o, a, b]): Step => ({ op: 'merge', org: o, a, b })),
  {
    arbitrary: fc.tuple(actorOf, pick).map(([w, p]): Step => ({ op: 'split', ...w, pick: p })),
    weight: 2,
  },
  fc
    .tuple(actorOf, pick, fc.boolean())
    .map(([w, p, withheld]): Step => ({ op: 'withhold', ...w, pick: p, withheld })),
  fc
    .tuple(actorOf, pick, pick, fc.boolean(), fc.boolean())
    .map(([w, a, b, accept, analyst]): Step => ({ op: 'review', ...w, a, b, accept, analyst })),
);

/** Runs an operation that may be refused: a refusal (not found, forbidden, conflict, invalid) is a no-op. */
async function attempt(f: () => Promise<unknown>): Promise<boolean> {
  try {
    await f();
    return true;
  } catch (err) {
    if (
      err instanceof AppError &&
      ['not_found', 'forbidden', 'conflict', 'validation_failed'].includes(err.code)
    )
      return false;
    throw err;
  }
}

describe.each(DATABASE_KINDS)('invariants under random commands across two organisations on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('no principal ever sees a record the policy hides from it, and no person leaves its organisation', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(STEP, { minLength: 1, maxLength: 14 }), async (steps) => {
        const db = t.database.db;
        run++;
        const orgs = [
          await ensureOrganisation(t.database, `Invariant A ${kind} ${run}`),
          await ensureOrganisation(t.database, `Invariant B ${kind} ${run}`),
        ] as const;
        const registrar = orgs.map((o) => principalOfUserId(newId(), 'registrar', o));
        const analyst = orgs.map((o) => principalOfUserId(newId(), 'analyst', o));
        /** The model: each record's organisation (that of whoever wrote it) and each person's withhold flag. */
        const recordOrg = new Map<string, string>();
        const withheld = new Map<string, boolean>();
        const personsOf = async (o: Org) =>
          (
            await db
              .selectFrom('person')
              .select('id')
              .where('organisation_id', '=', orgs[o])
              .where('merged_into', 'is', null)
              .orderBy('id')
              .execute()
          ).map((p) => p.id);
        const nth = <T>(xs: T[], i: number): T | undefined =>
          xs.length === 0 ? undefined : xs[i % xs.length];

        for (const s of steps) {
          const persons = await personsOf(s.org);
          switch (s.op) {
            case 'create': {
              const target = s.join ? nth(persons, s.pick) : undefined;
              const r = await createRecord(t.database, registrar[s.org] as Principal, {
                source: 'invariant desk',
                source_type: 'other',
                ...(NAMES[s.name] as (typeof NAMES)[number]),
                ...(target ? { person_id: target } : {}),
              });
              recordOrg.set(r.record.id, orgs[s.org]);
              if (!withheld.has(r.person_id)) withheld.set(r.person_id, false);
              break;
            }
            case 'merge': {
              const [a, b] = [nth(persons, s.a), nth(persons, s.b)];
              if (!a || !b || a === b) break;
              const r = await db.transaction().execute((trx) =>
                mergePersons(trx, a, b, {
                  actor: 'test',
                  principal: registrar[s.org] as Principal,
                  kind: 'human',
                  score: null,
                  modelVersion: null,
                  reason: 'property',
                }),
              );
              withheld.set(r.survivor, (withheld.get(a) ?? false) || (withheld.get(b) ?? false));
              break;
            }
            case 'split': {
              const p = nth(persons, s.pick);
              if (!p) break;
              const records = await db.selectFrom('record').select('id').where('person_id', '=', p).execute();
              const first = records[0];
              if (!first) break;
              let created: string | undefined;
              await attempt(async () => {
                created = (
                  await splitPersonRecords(t.database, registrar[s.actorOrg] as Principal, p, {
                    record_ids: [first.id],
                    reason: 'property',
                  })
                ).person_id;
              });
              if (created !== undefined) {
                expect(s.actorOrg).toBe(s.org);
                withheld.set(created, withheld.get(p) ?? false);
              }
              break;
            }
            case 'withhold': {
              const p = nth(persons, s.pick);
              if (!p) break;
              const done = await attempt(() =>
                setWithheld(t.database, registrar[s.actorOrg] as Principal, p, s.withheld),
              );
              expect(done).toBe(s.actorOrg === s.org);
              if (done) withheld.set(p, s.withheld);
              break;
            }
            case 'review': {
              const [a, b] = [nth(persons, s.a), nth(persons, s.b)];
              if (!a || !b || a === b) break;
              const ra = await db
                .selectFrom('record')
                .select('id')
                .where('person_id', '=', a)
                .executeTakeFirst();
              const rb = await db
                .selectFrom('record')
                .select('id')
                .where('person_id', '=', b)
                .executeTakeFirst();
              if (!ra || !rb) break;
              const pair = await db
                .insertInto('review_pair')
                .values({
                  left_person_id: a,
                  right_person_id: b,
                  left_record_id: ra.id,
                  right_record_id: rb.id,
                  score: 3,
                  explanation: '[]',
                  model_version: 'property',
                  status: 'pending',
                })
                .returning('public_id')
                .executeTakeFirstOrThrow();
              const who = (s.analyst ? analyst : registrar)[s.actorOrg] as Principal;
              let survivor: string | undefined;
              const done = await attempt(async () => {
                if (s.accept)
                  survivor = (await acceptPair(t.database, who, pair.public_id, 'property')).person_id;
                else await rejectPair(t.database, who, pair.public_id, 'property');
              });
              const visible = (p: string) => can(who, 'person:read_withheld') || !(withheld.get(p) ?? false);
              expect(done).toBe(s.actorOrg === s.org && visible(a) && visible(b));
              if (survivor !== undefined)
                withheld.set(survivor, (withheld.get(a) ?? false) || (withheld.get(b) ?? false));
              break;
            }
          }
        }

        // No person left its organisation: every record still belongs to a person of its writer's.
        if (recordOrg.size === 0) return;
        const rows = await db
          .selectFrom('record')
          .innerJoin('person', 'person.id', 'record.person_id')
          .select([
            'record.id',
            'person.id as person_id',
            'person.organisation_id',
            'person.withheld',
            'person.merged_into',
          ])
          .where('record.id', 'in', [...recordOrg.keys()])
          .execute();
        expect(rows).toHaveLength(recordOrg.size);
        for (const r of rows) {
          expect(r.merged_into).toBeNull();
          expect(r.organisation_id).toBe(recordOrg.get(r.id));
          expect(r.withheld).toBe(withheld.get(r.person_id) ?? false);
        }

        // Each principal sees exactly the records the policy lets it see, through the list and the file.
        const principals: Principal[] = [
          ...registrar,
          ...analyst,
          relativePrincipal(newId()),
          publicPrincipal(),
          { id: newId(), role: 'registrar', kind: 'user' },
        ];
        for (const p of principals) {
          const seen = new Set<string>();
          await attempt(async () => {
            const page = await listPersonsPage(t.database, p, { limit: 100 });
            for (const item of page.items) {
              const detail = await getPersonDetail(t.database, p, item.id);
              for (const r of detail.records) if (recordOrg.has(r.id)) seen.add(r.id);
            }
          });
          const allowed = rows
            .filter(
              (r) =>
                can(p, 'person:read') &&
                p.organisationId === r.organisation_id &&
                (!r.withheld || can(p, 'person:read_withheld')),
            )
            .map((r) => r.id);
          expect([...seen].sort()).toEqual(allowed.sort());
        }
      }),
      { numRuns: 20, seed: 1010 },
    );
  });
});
