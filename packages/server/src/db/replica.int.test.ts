import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../http/app.js';
import { createTestActor, type TestActor } from '../test/auth.js';
import {
  replicaUnavailable,
  startReplicatedClusters,
  type ReplicatedClusters,
} from '../test/replicaCluster.js';
import { openDatabase, type Database } from './database.js';
import { migrate } from './migrate.js';
import { parseLsn } from './replica.js';

const unavailable = replicaUnavailable();
if (unavailable) console.warn(`read replica test skipped: ${unavailable}`);

async function onReplica<T>(url: string, text: string): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows[0] as T;
  } finally {
    await c.end();
  }
}

describe.skipIf(unavailable !== null)('DATABASE_READ_URL: reads from a streaming replica', () => {
  let clusters: ReplicatedClusters;
  let database: Database;
  let app: FastifyInstance;
  let writer: TestActor;
  let reader: TestActor;

  beforeAll(async () => {
    clusters = await startReplicatedClusters();
    database = await openDatabase({ url: clusters.primaryUrl, readUrl: clusters.replicaUrl });
    await migrate(database.pool);
    writer = await createTestActor(database, 'registrar');
    reader = await createTestActor(database, 'registrar');
    app = await buildApp(database, { bodyLimit: 1 << 20, requestTimeoutMs: 10_000, logLevel: 'silent' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await clusters?.stop();
  });

  const createRecord = async (family: string) => {
    const res = await writer.inject(app, {
      method: 'POST',
      url: '/api/v1/records',
      payload: { source: 'replica-test', family_name: family, given_name: 'Петро', birth_date: '1980' },
    });
    expect(res.statusCode).toBe(201);
    return res.json().person_id as string;
  };
  const search = (actor: TestActor, q: string) =>
    actor.inject(app, `/api/v1/search/persons?q=${encodeURIComponent(q)}`).then((r) => r.json());

  it('is a hot standby of the primary', async () => {
    const r = await onReplica<{ standby: boolean }>(
      clusters.replicaUrl,
      'SELECT pg_is_in_recovery() AS standby',
    );
    expect(r.standby).toBe(true);
    expect(parseLsn('1/10')).toBe(4294967312n);
  });

  it("sends others' reads (search, person file, person list) to the replica, and the writer's own reads to the primary until the replica has replayed the write", async () => {
    // Hold the replica still: it will not see the next write until replay resumes.
    await onReplica(clusters.replicaUrl, 'SELECT pg_wal_replay_pause()');
    try {
      const person = await createRecord('Репліченко');
      const counts = database.replica?.counts ?? { replica: 0, primary: 0 };

      // Read-your-writes: the writer sees their new person at once, read from the primary.
      const primaryBefore = counts.primary;
      expect((await writer.inject(app, `/api/v1/persons/${person}`)).statusCode).toBe(200);
      expect(
        (await search(writer, 'Репліченко Петро')).hits.map((h: { person_id: string }) => h.person_id),
      ).toEqual([person]);
      expect(counts.primary).toBe(primaryBefore + 2);

      // Someone else reads the (paused) replica: the new person is not there yet.
      const replicaBefore = counts.replica;
      expect((await search(reader, 'Репліченко Петро')).hits).toEqual([]);
      expect((await reader.inject(app, `/api/v1/persons/${person}`)).statusCode).toBe(404);
      const listed = await reader.inject(app, '/api/v1/persons?limit=100');
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items.map((p: { id: string }) => p.id)).not.toContain(person);
      expect(counts.replica).toBe(replicaBefore + 3);
    } finally {
      await onReplica(clusters.replicaUrl, 'SELECT pg_wal_replay_resume()');
    }
  });

  it('lets the writer read the replica again once it has caught up, and audits every read on the primary', async () => {
    const person = await createRecord('Наздоганяйко');
    const counts = database.replica?.counts ?? { replica: 0, primary: 0 };
    for (let i = 0; i < 200; i++) {
      const before = counts.replica;
      const res = await writer.inject(app, `/api/v1/persons/${person}`);
      expect(res.statusCode).toBe(200);
      if (counts.replica > before) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const replicaReads = counts.replica;
    expect((await reader.inject(app, `/api/v1/persons/${person}`)).statusCode).toBe(200);
    expect(counts.replica).toBe(replicaReads + 1);
    // The audit entries of replica reads are on the primary.
    const audited = await database.db
      .selectFrom('audit_entry')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'person.read')
      .where('object_id', '=', person)
      .executeTakeFirst();
    expect(Number(audited?.n)).toBeGreaterThanOrEqual(2);
  });
});
