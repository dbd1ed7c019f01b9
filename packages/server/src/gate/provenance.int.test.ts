import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalOfUserId, type Principal } from '../auth/permissions.js';
import { newId } from '../db/ids.js';
import { buildApp } from '../http/app.js';
import { importCsv } from '../modules/imports/csvImport.js';
import { candidatePersons, probeOf } from '../modules/linkage/candidates.js';
import { dedupeRegistry } from '../modules/linkage/dedupe.js';
import { linkList } from '../modules/linkage/linkList.js';
import { trainRegistryModel } from '../modules/linkage/train.js';
import { ensureSources, insertRecordsAsNewPersons, type NewRecord } from '../modules/records/repo.js';
import { createRecord } from '../modules/records/service.js';
import { validateRecordFields } from '../modules/records/validate.js';
import { searchPersonsAs } from '../modules/search/service.js';
import { createTestActor, ensureOrganisation, type TestActor } from '../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../test/databases.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent' } as const;

function tempCsv(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-gate-'));
  const file = path.join(dir, 'list.csv');
  fs.writeFileSync(file, content);
  return file;
}

/** Generated records (never real people) of one organisation's source, written as new persons. */
async function namesakes(t: TestDatabase, organisationId: string, n: number, fields: Record<string, string>) {
  const db = t.database.db;
  const source = (
    await ensureSources(db, organisationId, ['namesakes'], { type: 'other', reliability: 'F' })
  ).get('namesakes');
  if (!source) throw new Error('no source');
  const items: NewRecord[] = Array.from({ length: n }, (_, i) => {
    const c = validateRecordFields({ sex: '', ...fields });
    if (!c.ok) throw new Error('invalid row');
    return { content: { ...c.value, external_id: `ns-${organisationId}-${i}` }, source };
  });
  await db
    .transaction()
    .execute((trx) => insertRecordsAsNewPersons(trx, items, { actor: 'test', organisationId }));
}

describe.each(DATABASE_KINDS)(
  'organisation-qualified provenance, scope before limits and audit on %s',
  (kind) => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let orgA: string;
    let orgB: string;
    let registrarA: TestActor;
    let registrarB: TestActor;
    let analystA: Principal;

    beforeAll(async () => {
      t = await openTestDatabase(kind);
      app = await buildApp(t.database, CONFIG);
      registrarA = await createTestActor(t.database, 'registrar', { organisation: 'Provenance A' });
      registrarB = await createTestActor(t.database, 'registrar', { organisation: 'Provenance B' });
      orgA = await ensureOrganisation(t.database, 'Provenance A');
      orgB = await ensureOrganisation(t.database, 'Provenance B');
      analystA = principalOfUserId(newId(), 'analyst', orgA);
    });
    afterAll(async () => {
      await app?.close();
      await t?.dispose();
    });

    it("lets no organisation squat another's external id or learn that it exists", async () => {
      // B creates "OrgA families / A-3" first.
      const squat = await registrarB.inject(app, {
        method: 'POST',
        url: '/api/v1/records',
        payload: {
          source: 'OrgA families',
          external_id: 'A-3',
          family_name: 'Захопленко',
          given_name: 'Ілля',
        },
      });
      expect(squat.statusCode).toBe(201);
      // A's own record A-3 is written (not a 409 revealing B's, not silently "unchanged").
      const own = await registrarA.inject(app, {
        method: 'POST',
        url: '/api/v1/records',
        payload: {
          source: 'OrgA families',
          external_id: 'A-3',
          family_name: 'Власненко',
          given_name: 'Орест',
        },
      });
      expect(own.statusCode).toBe(201);
      // And an import of A-4 by A after B wrote A-4 imports it, and A finds the person.
      await registrarB.inject(app, {
        method: 'POST',
        url: '/api/v1/records',
        payload: {
          source: 'OrgA families',
          external_id: 'A-4',
          family_name: 'Перехопленко',
          given_name: 'Марко',
        },
      });
      const summary = await importCsv(t.database, {
        file: tempCsv('external_id,source,family_name,given_name\nA-4,OrgA families,Знайденко,Лука\n'),
        actor: registrarA.principal.id,
        principal: registrarA.principal,
      });
      expect({ imported: summary.imported, unchanged: summary.unchanged }).toEqual({
        imported: 1,
        unchanged: 0,
      });
      const found = await searchPersonsAs(t.database, registrarA.principal, {
        q: 'Знайденко Лука',
        limit: 5,
      });
      expect(found.hits).toHaveLength(1);
      // Re-importing the same file changes nothing.
      const again = await importCsv(t.database, {
        file: tempCsv('external_id,source,family_name,given_name\nA-4,OrgA families,Знайденко,Лука\n'),
        actor: registrarA.principal.id,
        principal: registrarA.principal,
      });
      expect({ imported: again.imported, unchanged: again.unchanged }).toEqual({ imported: 0, unchanged: 1 });
    });

    it("never resumes another organisation's interrupted import of the same file", async () => {
      const content = 'external_id,family_name,given_name\nr1,Перервенко,Олег\nr2,Перервенко,Павло\n';
      const file = tempCsv(content);
      const sha = crypto.createHash('sha256').update(content).digest('hex');
      // A's run of this file was interrupted after committing line 2.
      const runId = newId();
      await t.database.db
        .insertInto('import_run')
        .values({
          id: runId,
          file_sha256: sha,
          file_name: 'list.csv',
          default_source: 'interrupted',
          entered_by: registrarA.principal.id,
          organisation_id: orgA,
        })
        .execute();
      await t.database.db
        .insertInto('import_batch')
        .values({
          run_id: runId,
          first_line: 2,
          last_line: 2,
          rows_imported: 1,
          rows_unchanged: 0,
          duplicates: '[]',
        })
        .execute();
      const b = await importCsv(t.database, {
        file,
        defaultSource: 'interrupted',
        actor: registrarB.principal.id,
        principal: registrarB.principal,
      });
      expect({ imported: b.imported, resumed: b.resumed }).toEqual({ imported: 2, resumed: 0 });
      expect(b.runId).not.toBe(runId);
      const a = await importCsv(t.database, {
        file,
        defaultSource: 'interrupted',
        actor: registrarA.principal.id,
        principal: registrarA.principal,
      });
      expect({ runId: a.runId, resumed: a.resumed }).toEqual({ runId, resumed: 1 });
    });

    it("finds the caller's own namesake however many another organisation holds (search scopes before its limit)", async () => {
      await namesakes(t, orgB, 450, { family_name: 'Численко', given_name: 'Петро', birth_date: '1985' });
      const own = await createRecord(t.database, registrarA.principal, {
        source: 'own desk',
        source_type: 'other',
        family_name: 'Численко',
        given_name: 'Петро',
        birth_date: '1985',
      });
      const r = await searchPersonsAs(t.database, analystA, {
        q: 'Численко Петро',
        birth: '1985',
        limit: 10,
      });
      expect(r.hits.map((h) => h.person_id)).toEqual([own.person_id]);
    });

    it("offers linkage the caller's own person however many namesakes another organisation holds", async () => {
      const man = {
        family_name: 'Блоченко',
        given_name: 'Семен',
        patronymic: 'Романович',
        birth_date: '1979-06-05',
      };
      await namesakes(t, orgB, 320, man);
      const own = await createRecord(t.database, registrarA.principal, {
        source: 'own desk',
        source_type: 'other',
        ...man,
      });
      const c = validateRecordFields({ sex: '', ...man });
      if (!c.ok) throw new Error('invalid');
      const [found] = await candidatePersons(t.database.db, [probeOf(newId(), c.value)], orgA);
      expect(found?.map((p) => p.personId)).toEqual([own.person_id]);
    });

    it('records the command line as actor kind cli for imports, link, dedupe and train', async () => {
      const before = Number(
        (await t.database.db.selectFrom('audit_head').select('size').executeTakeFirstOrThrow()).size,
      );
      const file = tempCsv('external_id,family_name,given_name\nc1,Терміналенко,Юрій\nc2,Консоленко,Ярема\n');
      await importCsv(t.database, { file, defaultSource: 'terminal', actor: 'cli' });
      await linkList(t.database, file, { line: () => undefined, problem: () => undefined });
      await trainRegistryModel(t.database, { actor: 'cli', randomPairs: 1000 });
      await dedupeRegistry(t.database, { actor: 'cli' });
      const entries = await t.database.db
        .selectFrom('audit_entry')
        .select(['action', 'actor_kind'])
        .where('seq', '>', before)
        .execute();
      const kinds = Object.fromEntries(entries.map((e) => [e.action, e.actor_kind]));
      expect(kinds).toMatchObject({
        'import.batch': 'cli',
        'link.auto': 'cli',
        'link.list': 'cli',
        'model.train': 'cli',
        'link.dedupe': 'cli',
      });
      expect(entries.filter((e) => e.actor_kind === 'anonymous')).toEqual([]);
    });

    it('audits record reads and person lists, with the client address on every HTTP action', async () => {
      const made = await registrarA.inject(app, {
        method: 'POST',
        url: '/api/v1/records',
        payload: { source: 'address desk', family_name: 'Адресенко', given_name: 'Кирило' },
      });
      const second = await registrarA.inject(app, {
        method: 'POST',
        url: '/api/v1/records',
        payload: {
          source: 'address desk',
          family_name: 'Адресенко',
          given_name: 'Кирило',
          person_id: made.json().person_id,
        },
      });
      const personId = made.json().person_id as string;
      const before = Number(
        (await t.database.db.selectFrom('audit_head').select('size').executeTakeFirstOrThrow()).size,
      );
      const calls = [
        { method: 'GET', url: `/api/v1/records/${made.json().record.id}` },
        { method: 'GET', url: '/api/v1/persons?limit=5' },
        { method: 'GET', url: '/api/v1/review/pairs' },
        { method: 'GET', url: `/api/v1/persons/${personId}/links` },
        {
          method: 'POST',
          url: `/api/v1/persons/${personId}/split`,
          payload: { record_ids: [second.json().record.id], reason: 'two men' },
        },
      ] as const;
      for (const c of calls) {
        const r = await registrarA.inject(app, c);
        expect(r.statusCode, `${c.method} ${c.url}`).toBeLessThan(300);
      }
      const entries = await t.database.db
        .selectFrom('audit_entry')
        .select(['action', 'address'])
        .where('seq', '>', before)
        .orderBy('seq')
        .execute();
      expect(entries.map((e) => e.action)).toEqual([
        'record.read',
        'person.list',
        'review.list',
        'person.links.read',
        'person.split',
      ]);
      expect(entries.filter((e) => e.address === null)).toEqual([]);
    });
  },
);
