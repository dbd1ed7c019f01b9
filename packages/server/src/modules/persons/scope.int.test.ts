import { unsafeRegistryPrincipal } from '../../gate/principal.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestActor, type TestActor } from '../../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { exportRecords } from '../exports/service.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent' } as const;

describe.each(DATABASE_KINDS)('withholding and field stripping on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let registrar: TestActor;
  let analyst: TestActor;
  let coordinator: TestActor;
  let personId: string;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    app = await buildApp(t.database, CONFIG);
    registrar = await createTestActor(t.database, 'registrar');
    analyst = await createTestActor(t.database, 'analyst');
    coordinator = await createTestActor(t.database, 'exchange_coordinator');
    const r = await registrar.inject(app, {
      method: 'POST',
      url: '/api/v1/records',
      payload: { source: 'scope', external_id: 'w1', family_name: 'Затаєнко', given_name: 'Петро' },
    });
    personId = r.json().person_id;
    for (const [type, note] of [
      ['health_report', 'wound detail'],
      ['detention_place_reported', 'colony no. 0, block 0'],
      ['captivity_reported', 'seen in a video'],
    ]) {
      const e = await registrar.inject(app, {
        method: 'POST',
        url: `/api/v1/persons/${personId}/events`,
        payload: { type, note },
      });
      expect(e.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const notesSeenBy = async (who: TestActor) => {
    const p = (await who.inject(app, `/api/v1/persons/${personId}`)).json();
    return Object.fromEntries(p.events.map((e: { type: string; note: string | null }) => [e.type, e.note]));
  };

  it('shows health details and the place of detention only to roles that need them', async () => {
    expect(await notesSeenBy(analyst)).toEqual({
      health_report: null,
      detention_place_reported: null,
      captivity_reported: 'seen in a video',
    });
    expect((await notesSeenBy(coordinator)).health_report).toBe('wound detail');
    expect((await notesSeenBy(registrar)).detention_place_reported).toBe('colony no. 0, block 0');
  });

  it('honours the withhold flag in read, list, search and export, except for roles that must see it', async () => {
    expect(
      (
        await analyst.inject(app, {
          method: 'POST',
          url: `/api/v1/persons/${personId}/withhold`,
          payload: { withheld: true },
        })
      ).statusCode,
    ).toBe(403);
    const w = await registrar.inject(app, {
      method: 'POST',
      url: `/api/v1/persons/${personId}/withhold`,
      payload: { withheld: true },
    });
    expect(w.json()).toEqual({ id: personId, withheld: true });
    for (const who of [analyst, coordinator]) {
      expect((await who.inject(app, `/api/v1/persons/${personId}`)).statusCode).toBe(404);
      const list = (await who.inject(app, '/api/v1/persons?limit=500')).json();
      expect(list.items.map((p: { id: string }) => p.id)).not.toContain(personId);
      const hits = (
        await who.inject(app, `/api/v1/search/persons?q=${encodeURIComponent('Затаєнко Петро')}`)
      ).json().hits;
      expect(hits).toEqual([]);
    }
    expect((await registrar.inject(app, `/api/v1/persons/${personId}`)).json().withheld).toBe(true);
    const exported = [];
    for await (const r of exportRecords(t.database, unsafeRegistryPrincipal())) exported.push(r.person_id);
    expect(exported).not.toContain(personId);
    const all = [];
    for await (const r of exportRecords(t.database, unsafeRegistryPrincipal(), { includeWithheld: true }))
      all.push(r.person_id);
    expect(all).toContain(personId);
    await registrar.inject(app, {
      method: 'POST',
      url: `/api/v1/persons/${personId}/withhold`,
      payload: { withheld: false },
    });
    expect((await analyst.inject(app, `/api/v1/persons/${personId}`)).statusCode).toBe(200);
  });
});
