import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestActor, type TestActor } from '../../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import {
  checkInclusionProof,
  proveInclusion,
  readCheckpoints,
  verifyAudit,
  writeCheckpoint,
} from './checkpoint.js';
import { appendAudit, appendAuditAtCommit, auditLeafHash } from './log.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent' } as const;

describe.each(DATABASE_KINDS)('audit log on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let registrar: TestActor;
  let auditor: TestActor;
  let dir: string;

  // A fresh database for each test: tampering must not leak into the next one.
  beforeEach(async () => {
    t = await openTestDatabase(kind);
    app = await buildApp(t.database, CONFIG);
    registrar = await createTestActor(t.database, 'registrar');
    auditor = await createTestActor(t.database, 'auditor');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-audit-'));
  });
  afterEach(async () => {
    await app?.close();
    await t?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs a statement as someone with the database would: with the append-only triggers bypassed. */
  const tamper = (statement: ReturnType<typeof sql>) =>
    t.database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await statement.execute(trx);
    });

  async function someActivity(n = 3): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await registrar.inject(app, {
        method: 'POST',
        url: '/api/v1/records',
        payload: { source: 'audit test', family_name: 'Тестенко', given_name: `Генерований${i}` },
      });
      expect(r.statusCode).toBe(201);
      const personId = r.json().person_id as string;
      ids.push(personId);
      expect((await registrar.inject(app, `/api/v1/persons/${personId}`)).statusCode).toBe(200);
    }
    return ids;
  }

  it('records who created and who viewed a person, with ids and no names, and lets an auditor list the viewers', async () => {
    const [personId] = await someActivity(1);
    const res = await auditor.inject(
      app,
      `/api/v1/audit?object_type=person&object_id=${personId}&action=person.read`,
    );
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actor_id: registrar.userId,
      actor_kind: 'token',
      action: 'person.read',
    });
    const all = await t.database.db.selectFrom('audit_entry').selectAll().execute();
    expect(JSON.stringify(all)).not.toContain('Тестенко');
    expect(all.map((e) => e.action)).toEqual(expect.arrayContaining(['record.create', 'person.read']));
    // The registrar may not read the log.
    expect((await registrar.inject(app, '/api/v1/audit')).statusCode).toBe(403);
  });

  it('records every denial and every search', async () => {
    const before = await t.database.db
      .selectFrom('audit_entry')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect((await app.inject('/api/v1/persons')).statusCode).toBe(401);
    expect((await auditor.inject(app, '/api/v1/persons')).statusCode).toBe(403);
    expect((await registrar.inject(app, '/api/v1/search/persons?q=Тестенко')).statusCode).toBe(200);
    // Anonymous refusals are counted and written per interval (here: at once).
    await app.anonymousRefusals.flush();
    const entries = await t.database.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('seq', '>', Number(before.n))
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => [e.action, e.actor_kind])).toEqual([
      ['access.denied', 'token'],
      ['search.persons', 'token'],
      ['access.denied', 'anonymous'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('Тестенко');
  });

  it("records a denial out of scope, though the refused request's transaction rolls back", async () => {
    const [personId] = await someActivity(1);
    const outsider = await createTestActor(t.database, 'registrar', { organisation: 'Elsewhere' });
    const tries = [
      outsider.inject(app, `/api/v1/persons/${String(personId)}`),
      outsider.inject(app, {
        method: 'POST',
        url: `/api/v1/persons/${String(personId)}/events`,
        payload: { type: 'located' },
      }),
      outsider.inject(app, `/api/v1/persons/${String(personId)}/links`),
    ];
    for (const res of await Promise.all(tries)) expect(res.statusCode).toBe(404);
    const denials = await t.database.db
      .selectFrom('audit_entry')
      .select(['action', 'object_type', 'object_id', 'actor_id'])
      .where('action', '=', 'access.denied')
      .where('object_id', '=', String(personId))
      .execute();
    expect(denials).toHaveLength(3);
    for (const d of denials) expect(d).toMatchObject({ object_type: 'person', actor_id: outsider.userId });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit entries in the database itself', async () => {
    await someActivity(1);
    await expect(sql`UPDATE audit_entry SET action = 'x'`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_entry`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_entry`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_head SET size = 0`.execute(t.database.db)).rejects.toThrow(/only grows/);
  });

  it('verifies an untouched log, and proves an entry is included in the signed tree', async () => {
    await someActivity(2);
    const c = await writeCheckpoint(t.database, dir);
    expect(c).not.toBeNull();
    expect(fs.statSync(path.join(dir, 'signing-key.pem')).mode & 0o777).toBe(0o600);
    const r = await verifyAudit(t.database, dir);
    expect(r).toMatchObject({ ok: true, problem: null });
    expect(r.checkpointSize).toBe(c?.size);
    const proof = proveInclusion(dir, 2);
    expect(checkInclusionProof(proof)).toBe(true);
    expect(checkInclusionProof({ ...proof, seq: 3 })).toBe(false);
    // Nothing new: no new checkpoint.
    expect(await writeCheckpoint(t.database, dir)).toBeNull();
  });

  it("writes concurrent reads' entries in groups, each numbered once, and the log still verifies", async () => {
    const [personId] = await someActivity(1);
    const before = Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM audit_entry`.execute(t.database.db)).rows[0]?.n,
    );
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2 === 0
          ? registrar.inject(app, `/api/v1/persons/${personId}`)
          : registrar.inject(app, `/api/v1/search/persons?q=${encodeURIComponent('Тестенко')}`),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    const rows = await sql<{ seq: string; action: string }>`SELECT seq::text, action FROM audit_entry
      WHERE seq > ${before} ORDER BY audit_entry.seq`.execute(t.database.db);
    expect(rows.rows.filter((r) => r.action === 'person.read')).toHaveLength(15);
    expect(rows.rows.filter((r) => r.action === 'search.persons')).toHaveLength(15);
    // Consecutive numbers, no gap, no repeat; the head agrees.
    expect(rows.rows.map((r) => Number(r.seq))).toEqual(rows.rows.map((_, i) => before + 1 + i));
    const head = await sql<{ size: string }>`SELECT size::text FROM audit_head`.execute(t.database.db);
    expect(Number(head.rows[0]?.size)).toBe(before + rows.rows.length);
    await writeCheckpoint(t.database, dir);
    expect(await verifyAudit(t.database, dir)).toMatchObject({ ok: true, problem: null });
  });

  it("numbers an entry written for the commit at the COMMIT: the head's lock is free until then, a rollback leaves nothing, and the log verifies", async () => {
    const [personId] = await someActivity(1);
    const count = async () =>
      Number(
        (await sql<{ n: string }>`SELECT count(*) AS n FROM audit_entry`.execute(t.database.db)).rows[0]?.n,
      );
    const pending = async () =>
      Number(
        (await sql<{ n: string }>`SELECT count(*) AS n FROM audit_pending`.execute(t.database.db)).rows[0]?.n,
      );
    const entry = (i: number) => ({
      action: 'person.read' as const,
      objectType: 'person' as const,
      objectId: personId ?? null,
      detail: { i },
    });
    const before = await count();
    // An added event writes its entry this way, in the statement that inserts the event.
    const ev = await registrar.inject(app, {
      method: 'POST',
      url: `/api/v1/persons/${personId}/events`,
      payload: { type: 'captivity_reported', occurred_on: '2024-03', confidence: 'reported' },
    });
    expect(ev.statusCode).toBe(201);
    const written = await sql<{ seq: string; action: string; object_id: string }>`
      SELECT seq::text, action, object_id FROM audit_entry WHERE seq > ${before} ORDER BY seq`.execute(
      t.database.db,
    );
    expect(written.rows).toEqual([
      { seq: String(before + 1), action: 'event.create', object_id: ev.json().id },
    ]);
    // A rolled-back transaction leaves neither an entry nor a pending row, and takes no number.
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await appendAuditAtCommit(trx, registrar.principal, entry(1));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await count()).toBe(before + 1);
    // Two entries in one transaction, numbered in the order written, after one appended at once
    // (PostgreSQL: meanwhile another connection appends without waiting for this transaction's lock).
    await t.database.db.transaction().execute(async (trx) => {
      await appendAuditAtCommit(trx, registrar.principal, entry(2));
      await appendAuditAtCommit(trx, registrar.principal, entry(3));
      if (kind === 'postgres') {
        const other = await Promise.race([
          appendAudit(t.database.db, registrar.principal, entry(4)).then(() => 'appended'),
          new Promise((r) => setTimeout(() => r('waited for the lock'), 5_000)),
        ]);
        expect(other).toBe('appended');
      } else await appendAudit(trx, registrar.principal, entry(4));
    });
    const rows = await sql<{ seq: string; detail: { i: number } }>`
      SELECT seq::text, detail FROM audit_entry WHERE seq > ${before + 1} ORDER BY seq`.execute(
      t.database.db,
    );
    expect(rows.rows.map((r) => [Number(r.seq), r.detail.i])).toEqual([
      [before + 2, 4],
      [before + 3, 2],
      [before + 4, 3],
    ]);
    expect(await pending()).toBe(0);
    const head = await sql<{ size: string }>`SELECT size::text FROM audit_head`.execute(t.database.db);
    expect(Number(head.rows[0]?.size)).toBe(before + 4);
    await writeCheckpoint(t.database, dir);
    expect(await verifyAudit(t.database, dir)).toMatchObject({ ok: true, problem: null });
  });

  it('numbers an entry written for the commit under session_replication_role = replica, and verify names one left unnumbered', async () => {
    const [personId] = await someActivity(1);
    const entry = {
      action: 'person.read' as const,
      objectType: 'person' as const,
      objectId: personId ?? null,
    };
    const head = async () =>
      Number(
        (await sql<{ size: string }>`SELECT size::text FROM audit_head`.execute(t.database.db)).rows[0]?.size,
      );
    const before = await head();
    // A session as a restore, a replication apply worker or an operator's script runs: ordinary triggers
    // do not fire there. The entry must still be numbered into the log, not left in the unlogged table
    // (emptied by PostgreSQL's crash recovery: it would be lost without a trace).
    await t.database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await appendAuditAtCommit(trx, registrar.principal, entry);
    });
    expect(await head()).toBe(before + 1);
    expect(
      Number(
        (await sql<{ n: string }>`SELECT count(*) AS n FROM audit_pending`.execute(t.database.db)).rows[0]?.n,
      ),
    ).toBe(0);
    await writeCheckpoint(t.database, dir);
    expect(await verifyAudit(t.database, dir)).toMatchObject({ ok: true, problem: null });
    // With the trigger turned off by hand, a committed entry stays unnumbered: verify says so.
    await sql`ALTER TABLE audit_pending DISABLE TRIGGER audit_pending_append`.execute(t.database.db);
    await appendAuditAtCommit(t.database.db, registrar.principal, entry);
    await sql`ALTER TABLE audit_pending ENABLE ALWAYS TRIGGER audit_pending_append`.execute(t.database.db);
    expect(await verifyAudit(t.database, dir)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('1 audit entry was committed without a number'),
    });
  });

  it('names an edited entry, even when the editor recomputed its hash', async () => {
    await someActivity(2);
    await writeCheckpoint(t.database, dir);
    const victim = 3;
    await tamper(sql`UPDATE audit_entry SET actor_id = 'someone-else' WHERE seq = ${victim}`);
    expect(await verifyAudit(t.database, dir)).toMatchObject({ ok: false, firstBadSeq: victim });
    // Recompute the leaf hash so the row is self-consistent: the checkpointed mirror still catches it.
    const row = await t.database.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('seq', '=', victim)
      .executeTakeFirstOrThrow();
    const rehashed = auditLeafHash({ ...row, seq: Number(row.seq) });
    await tamper(sql`UPDATE audit_entry SET leaf_hash = ${rehashed} WHERE seq = ${victim}`);
    const r = await verifyAudit(t.database, dir);
    expect(r).toMatchObject({ ok: false, firstBadSeq: victim });
    expect(r.problem).toMatch(/differs from the checkpointed log/);
  });

  it('names a deleted entry', async () => {
    await someActivity(2);
    await writeCheckpoint(t.database, dir);
    await tamper(sql`DELETE FROM audit_entry WHERE seq = 4`);
    const r = await verifyAudit(t.database, dir);
    expect(r).toMatchObject({ ok: false, firstBadSeq: 4 });
    expect(r.problem).toMatch(/#4 is missing/);
  });

  it('names the first of two reordered entries', async () => {
    await someActivity(2);
    await writeCheckpoint(t.database, dir);
    // Swap entries 2 and 3 by renumbering them through a free number.
    await tamper(sql`UPDATE audit_entry SET seq = -1 WHERE seq = 2`);
    await tamper(sql`UPDATE audit_entry SET seq = 2 WHERE seq = 3`);
    await tamper(sql`UPDATE audit_entry SET seq = 3 WHERE seq = -1`);
    expect(await verifyAudit(t.database, dir)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('names the first missing entry of a truncated log', async () => {
    await someActivity(2);
    const c = await writeCheckpoint(t.database, dir);
    const size = c?.size ?? 0;
    await tamper(sql`DELETE FROM audit_entry WHERE seq > ${size - 2}`);
    await tamper(sql`UPDATE audit_head SET size = ${size - 2}`);
    const r = await verifyAudit(t.database, dir);
    expect(r).toMatchObject({ ok: false, firstBadSeq: size - 1 });
    expect(r.problem).toMatch(/truncated/);
  });

  it('detects a forged or altered checkpoint', async () => {
    await someActivity(1);
    await writeCheckpoint(t.database, dir);
    const file = path.join(dir, 'checkpoints.jsonl');
    const [c] = readCheckpoints(dir).checkpoints;
    if (!c) throw new Error('no checkpoint');
    fs.writeFileSync(file, JSON.stringify({ ...c, size: c.size + 5 }) + '\n');
    expect((await verifyAudit(t.database, dir)).problem).toMatch(/invalid signature/);
    fs.writeFileSync(file, JSON.stringify({ ...c, root: '00'.repeat(32) }) + '\n');
    expect((await verifyAudit(t.database, dir)).problem).toMatch(/invalid signature/);
    // A checkpoint signed by another key does not pass either.
    fs.writeFileSync(file, JSON.stringify(c) + '\n');
    expect((await verifyAudit(t.database, dir)).ok).toBe(true);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-audit-other-'));
    await writeCheckpoint(t.database, other);
    fs.copyFileSync(path.join(other, 'checkpoints.jsonl'), file);
    fs.copyFileSync(path.join(other, 'leaves.bin'), path.join(dir, 'leaves.bin'));
    expect((await verifyAudit(t.database, dir)).problem).toMatch(/invalid signature/);
    fs.rmSync(other, { recursive: true, force: true });
  });

  it('fails when entries exist but the audit folder, its key or its checkpoints are missing', async () => {
    await someActivity(1);
    await writeCheckpoint(t.database, dir);
    // The folder deleted (an empty one in its place): no fresh key may make it pass.
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-audit-gone-'));
    const gone = await verifyAudit(t.database, empty);
    expect(gone).toMatchObject({ ok: false });
    expect(gone.problem).toMatch(/holds no signing key/);
    expect(fs.existsSync(path.join(empty, 'signing-key.pem'))).toBe(false);
    expect((await verifyAudit(t.database, path.join(empty, 'never-made'))).ok).toBe(false);
    // The key deleted, the checkpoints kept; then the checkpoints deleted, the key kept.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-audit-copy-'));
    for (const f of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, f), path.join(copy, f));
    expect((await verifyAudit(t.database, copy)).ok).toBe(true);
    fs.rmSync(path.join(copy, 'signing-key.pem'));
    expect((await verifyAudit(t.database, copy)).problem).toMatch(/holds no signing key/);
    fs.copyFileSync(path.join(dir, 'signing-key.pem'), path.join(copy, 'signing-key.pem'));
    fs.rmSync(path.join(copy, 'checkpoints.jsonl'));
    expect((await verifyAudit(t.database, copy)).problem).toMatch(/holds no checkpoints/);
    for (const d of [empty, copy]) fs.rmSync(d, { recursive: true, force: true });
  });
});
