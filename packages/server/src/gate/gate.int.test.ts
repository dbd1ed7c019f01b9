import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalOfUserId, type Principal, type Role } from '../auth/permissions.js';
import { AppError } from '../errors.js';
import { listAuditEntries } from '../modules/audit/service.js';
import { addEvent } from '../modules/events/service.js';
import { exportRecords } from '../modules/exports/service.js';
import {
  addListVersion,
  createExchange,
  exchangeDetail,
  importEnemyPows,
  listEnemyPows,
  listExchanges,
  verifyEntry,
} from '../modules/exchanges/service.js';
import { acceptPair, listReviewPairs, personLinks, splitPersonRecords } from '../modules/linkage/service.js';
import { getPersonDetail, listPersonsPage, setWithheld } from '../modules/persons/service.js';
import { createRecord, getRecord } from '../modules/records/service.js';
import { searchPersonsAs } from '../modules/search/service.js';
import { ensureOrganisation } from '../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../test/databases.js';
import { newId } from '../db/ids.js';
import { OBJECT_KINDS, OPERATIONS, OBJECT_POLICY, policyAllows, type PolicyTarget } from './policy.js';
import {
  partnerPrincipal,
  principalKindOf,
  PRINCIPAL_KINDS,
  publicPrincipal,
  relativePrincipal,
  unsafeRegistryPrincipal,
} from './principal.js';

/** One person of the fixture: its organisation, withhold flag, record and the name search finds it by. */
interface Fixture {
  key: string;
  personId: string;
  recordId: string;
  externalId: string;
  organisationId: string;
  withheld: boolean;
  family: string;
  given: string;
}

/** The allowed set of one principal over the fixture, as `object.operation:target` strings. */
type Outcome = Set<string>;

/** Runs an operation: true when the gate let it through (any answer but not found / forbidden). */
async function reached(f: () => Promise<boolean>): Promise<boolean> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof AppError && (err.code === 'not_found' || err.code === 'forbidden')) return false;
    if (err instanceof AppError && (err.code === 'conflict' || err.code === 'validation_failed')) return true;
    throw err;
  }
}

describe.each(DATABASE_KINDS)('the gate: every principal kind × object kind × operation on %s', (kind) => {
  let t: TestDatabase;
  let orgA: string;
  let orgB: string;
  const persons: Record<string, Fixture> = {};
  /** Review pairs by name: pending ones (listing) and decided ones (a decision answers 409 once through the gate). */
  const pairs: Record<string, { pending: string; decided: string; sides: string[] }> = {};
  /** Audit entries written by org A's, org B's and the command line's principals. */
  const auditOf: Record<string, { objectId: string; organisationId: string | null }> = {};
  /** An exchange of each organisation (#13), with one entry `g1` on our side's list. */
  const exchanges: Record<string, { id: string; organisationId: string }> = {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-gate-'));
  const listFile = path.join(dir, 'list.csv');
  fs.writeFileSync(listFile, 'external_id,family_name,given_name\ng1,Гейтенко,Іван\n');

  const staff = (role: Role, organisationId: string): Principal =>
    principalOfUserId(newId(), role, organisationId);

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    orgA = await ensureOrganisation(t.database, 'Gate A');
    orgB = await ensureOrganisation(t.database, 'Gate B');
    const writerA = staff('registrar', orgA);
    const writerB = staff('registrar', orgB);
    for (const [k, w, o] of [
      ['A', staff('exchange_coordinator', orgA), orgA],
      ['B', staff('exchange_coordinator', orgB), orgB],
    ] as const) {
      const x = await createExchange(t.database, w, { name: `gate ${k}` });
      await addListVersion(t.database, w, x.id, 'ours', listFile);
      exchanges[k] = { id: x.id, organisationId: o };
    }
    const make = async (key: string, writer: Principal, org: string, family: string, given: string) => {
      const r = await createRecord(t.database, writer, {
        source: 'gate desk',
        source_type: 'other',
        external_id: `gate-${key}`,
        family_name: family,
        given_name: given,
        birth_date: '1990',
      });
      persons[key] = {
        key,
        personId: r.person_id,
        recordId: r.record.id,
        externalId: `gate-${key}`,
        organisationId: org,
        withheld: false,
        family,
        given,
      };
    };
    // Names far apart, so record linkage keeps every one a person of its own.
    await make('A', writerA, orgA, 'Абрикосенко', 'Юхим');
    await make('A2', writerA, orgA, 'Бузиненко', 'Тарас');
    await make('Aw', writerA, orgA, 'Вербоненко', 'Остап');
    await make('B', writerB, orgB, 'Грушенко', 'Федір');
    await make('B2', writerB, orgB, 'Дубенко', 'Яким');
    await setWithheld(t.database, writerA, persons['Aw']?.personId as string, true);
    (persons['Aw'] as Fixture).withheld = true;
    // The command line writes into the Registry organisation; its own "gate desk" holds every gate-*
    // external id too, so that a record it adds to a person answers 409 (a conflict) instead of writing.
    for (const [i, k] of Object.keys(persons).entries()) {
      await createRecord(t.database, unsafeRegistryPrincipal(), {
        source: 'gate desk',
        source_type: 'other',
        external_id: `gate-${k}`,
        family_name: ['Єлиненко', 'Жасминенко', 'Калиненко', 'Липенко', 'Маковенко'][i] as string,
        given_name: 'Зенон',
      });
    }
    const pair = async (name: string, left: string, right: string) => {
      const l = persons[left] as Fixture;
      const r = persons[right] as Fixture;
      const ids: string[] = [];
      for (const status of ['pending', 'rejected'] as const) {
        const row = await t.database.db
          .insertInto('review_pair')
          .values({
            left_person_id: l.personId,
            right_person_id: r.personId,
            left_record_id: l.recordId,
            right_record_id: r.recordId,
            score: 5,
            explanation: '[]',
            model_version: 'test',
            status,
          })
          .returning('public_id')
          .executeTakeFirstOrThrow();
        ids.push(row.public_id);
      }
      pairs[name] = { pending: ids[0] as string, decided: ids[1] as string, sides: [left, right] };
    };
    await pair('A+A2', 'A', 'A2');
    await pair('A+Aw', 'A', 'Aw');
    await pair('B+B2', 'B', 'B2');
    for (const [name, org] of [
      ['A', orgA],
      ['B', orgB],
      ['cli', null],
    ] as const) {
      const e = await t.database.db
        .selectFrom('audit_entry')
        .select(['object_id', 'organisation_id'])
        .where('action', '=', 'record.create')
        .where('organisation_id', org === null ? 'is' : '=', org)
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      auditOf[name] = { objectId: e.object_id as string, organisationId: e.organisation_id };
    }
  });
  afterAll(async () => {
    await t?.dispose();
  });

  /** Every principal kind (and the refused shapes), with one principal per staff role of organisation A. */
  const principals = (): Record<string, Principal> => ({
    ...Object.fromEntries(
      (
        [
          'registrar',
          'analyst',
          'exchange_coordinator',
          'publisher',
          'auditor',
          'admin',
          'registry_auditor',
        ] as const
      ).map((r) => [`${r}@A`, staff(r, orgA)]),
    ),
    'registrar@B': staff('registrar', orgB),
    cli: unsafeRegistryPrincipal(),
    relative: relativePrincipal(newId()),
    public: publicPrincipal(),
    partner: partnerPrincipal(newId(), orgA, newId()),
    // A staff principal that lost its organisation, and a forged command line: both see nothing.
    'registrar@none': { id: newId(), role: 'registrar', kind: 'user' },
    'forged-cli': { id: 'cli', role: 'registrar', kind: 'cli' },
  });

  /** What the gate actually let one principal do, over every object of the fixture. */
  async function observe(p: Principal): Promise<Outcome> {
    const got: Outcome = new Set();
    const note = (ok: boolean, what: string) => ok && got.add(what);
    const db = t.database;
    for (const f of Object.values(persons)) {
      note(await reached(async () => !!(await getPersonDetail(db, p, f.personId))), `person.read:${f.key}`);
      note(
        await reached(async () =>
          (await listPersonsPage(db, p, { limit: 100 })).items.some((i) => i.id === f.personId),
        ),
        `person.list:${f.key}`,
      );
      note(
        await reached(async () =>
          (await searchPersonsAs(db, p, { q: `${f.family} ${f.given}`, limit: 10 })).hits.some(
            (h) => h.person_id === f.personId,
          ),
        ),
        `person.search:${f.key}`,
      );
      // Withholding to the value it has already changes nothing but still passes the gate.
      note(
        await reached(async () => !!(await setWithheld(db, p, f.personId, f.withheld))),
        `person.change:${f.key}`,
      );
      note(await reached(async () => !!(await getRecord(db, p, f.recordId))), `record.read:${f.key}`);
      // The external id exists already in the writer's own source: a 409 once through the gate.
      note(
        await reached(async () =>
          Boolean(
            await createRecord(db, p, {
              source: 'gate desk',
              source_type: 'other',
              external_id: f.externalId,
              family_name: 'Іваненко',
              person_id: f.personId,
            }),
          ),
        ),
        `record.create:${f.key}`,
      );
      note(
        await reached(
          async () => !!(await addEvent(db, p, f.personId, { type: 'located', confidence: 'reported' })),
        ),
        `event.create:${f.key}`,
      );
      note(
        await reached(async () => Array.isArray((await getPersonDetail(db, p, f.personId)).events)),
        `event.read:${f.key}`,
      );
      note(await reached(async () => !!(await personLinks(db, p, f.personId))), `link.read:${f.key}`);
      // Splitting off a person's only record is refused (400) after the gate.
      note(
        await reached(async () =>
          Boolean(await splitPersonRecords(db, p, f.personId, { record_ids: [f.recordId], reason: 'gate' })),
        ),
        `link.change:${f.key}`,
      );
      note(
        await reached(async () => {
          for await (const r of exportRecords(db, p, { includeWithheld: true }))
            if (r.record_id === f.recordId) return true;
          return false;
        }),
        `export.create:${f.key}`,
      );
    }
    for (const [name, pr] of Object.entries(pairs)) {
      note(
        await reached(async () =>
          (await listReviewPairs(db, p, { limit: 100 })).items.some((i) => i.id === pr.pending),
        ),
        `review_pair.list:${name}`,
      );
      note(
        await reached(async () => !!(await acceptPair(db, p, pr.decided, 'gate'))),
        `review_pair.change:${name}`,
      );
    }
    for (const [name, a] of Object.entries(auditOf)) {
      note(
        await reached(
          async () =>
            (await listAuditEntries(db, p, { object_id: a.objectId, action: 'record.create', limit: 10 }))
              .items.length > 0,
        ),
        `audit_entry.list:${name}`,
      );
    }
    for (const [k, x] of Object.entries(exchanges)) {
      note(await reached(async () => !!(await exchangeDetail(db, p, x.id))), `exchange.read:${k}`);
      note(
        await reached(async () => (await listExchanges(db, p)).some((e) => e.id === x.id)),
        `exchange.list:${k}`,
      );
      // Proposed straight to crossed is refused (409) once through the gate.
      note(
        await reached(async () => !!(await verifyEntry(db, p, x.id, 'ours', 'g1', { state: 'crossed' }))),
        `exchange.change:${k}`,
      );
    }
    note(await reached(async () => !!(await createExchange(db, p, { name: 'gate' }))), 'exchange.create');
    note(await reached(async () => Array.isArray(await listEnemyPows(db, p))), 'enemy_pow.list');
    note(await reached(async () => !!(await importEnemyPows(db, p, listFile))), 'enemy_pow.create');
    return got;
  }

  /** What the policy table says one principal may do over the same objects. */
  function expected(p: Principal): Outcome {
    const want: Outcome = new Set();
    const person = (k: string): PolicyTarget & { kind: 'person' } => {
      const f = persons[k] as Fixture;
      return { kind: 'person', organisation_id: f.organisationId, withheld: f.withheld };
    };
    const ops = [
      ['person', 'read'],
      ['person', 'list'],
      ['person', 'search'],
      ['person', 'change'],
      ['record', 'read'],
      ['record', 'create'],
      ['event', 'create'],
      ['event', 'read'],
      ['link', 'read'],
      ['link', 'change'],
      ['export', 'create'],
    ] as const;
    for (const k of Object.keys(persons))
      for (const [o, op] of ops) if (policyAllows(p, o, op, person(k))) want.add(`${o}.${op}:${k}`);
    for (const [name, pr] of Object.entries(pairs)) {
      const target: PolicyTarget = {
        kind: 'persons',
        persons: pr.sides.map((s) => person(s)),
      };
      if (policyAllows(p, 'review_pair', 'list', target)) want.add(`review_pair.list:${name}`);
      if (policyAllows(p, 'review_pair', 'change', target)) want.add(`review_pair.change:${name}`);
    }
    for (const [name, a] of Object.entries(auditOf))
      if (policyAllows(p, 'audit_entry', 'list', { kind: 'audit', organisation_id: a.organisationId }))
        want.add(`audit_entry.list:${name}`);
    for (const [k, x] of Object.entries(exchanges))
      for (const op of ['read', 'list', 'change'] as const)
        if (
          policyAllows(p, 'exchange', op, {
            kind: 'person',
            organisation_id: x.organisationId,
            withheld: false,
          })
        )
          want.add(`exchange.${op}:${k}`);
    if (policyAllows(p, 'exchange', 'create', { kind: 'none' })) want.add('exchange.create');
    if (policyAllows(p, 'enemy_pow', 'list', { kind: 'none' })) want.add('enemy_pow.list');
    if (policyAllows(p, 'enemy_pow', 'create', { kind: 'none' })) want.add('enemy_pow.create');
    return want;
  }

  it('covers every principal kind and every operation the policy table names', () => {
    const kinds = new Set(Object.values(principals()).map(principalKindOf));
    expect([...kinds].sort()).toEqual([...PRINCIPAL_KINDS].sort());
    const named = OBJECT_KINDS.flatMap((o) =>
      OPERATIONS.filter((op) => OBJECT_POLICY[o][op] !== undefined).map((op) => `${o}.${op}`),
    );
    // Each of these is exercised by `observe` below.
    expect(named.sort()).toEqual(
      [
        'person.read',
        'person.list',
        'person.search',
        'person.change',
        'record.read',
        'record.create',
        'event.read',
        'event.create',
        'link.read',
        'link.change',
        'review_pair.list',
        'review_pair.change',
        'export.create',
        'audit_entry.list',
        'exchange.read',
        'exchange.list',
        'exchange.create',
        'exchange.change',
        'enemy_pow.list',
        'enemy_pow.create',
      ].sort(),
    );
  });

  it('lets each principal do exactly what the policy allows, and nothing else', async () => {
    const ps = principals();
    for (const [name, p] of Object.entries(ps)) {
      const got = [...(await observe(p))].sort();
      expect({ principal: name, allowed: got }).toEqual({
        principal: name,
        allowed: [...expected(p)].sort(),
      });
    }
    // The policy is not vacuous: the organisation's registrar reaches its own persons, withheld ones
    // included, and never another organisation's; the analyst never a withheld one; relatives, the
    // public, partners and principals without an organisation reach nothing.
    const registrar = await observe(ps['registrar@A'] as Principal);
    expect(registrar.has('person.read:Aw')).toBe(true);
    expect(registrar.has('person.read:B')).toBe(false);
    expect((await observe(ps['analyst@A'] as Principal)).has('person.read:Aw')).toBe(false);
    expect((await observe(ps['registry_auditor@A'] as Principal)).has('audit_entry.list:B')).toBe(true);
    expect((await observe(ps['auditor@A'] as Principal)).has('audit_entry.list:B')).toBe(false);
    for (const nobody of ['relative', 'public', 'partner', 'registrar@none', 'forged-cli'])
      expect([...(await observe(ps[nobody] as Principal))]).toEqual([]);
  });
});
