import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseTarget } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { createTestActor } from '../../test/auth.js';
import { appendAuditAtCommit } from '../audit/log.js';
import {
  createMigratedScratchDatabase,
  createScratchDatabase,
  DATABASE_KINDS,
  prepareDataDir,
} from '../../test/databases.js';
import { runCli } from '../../test/cli.js';
import { startServer } from '../../test/server.js';

/** Counts that must agree in a consistent registry: every record has its person, every batch is whole. */
async function registryCounts(target: DatabaseTarget) {
  const database = await openDatabase(target);
  try {
    const r = await sql<{
      records: number;
      orphans: number;
      persons: number;
      audit: number;
      head: number;
      events: number;
      eventEntries: number;
      pending: number;
    }>`
      SELECT (SELECT count(*)::int FROM record) AS records,
             (SELECT count(*)::int FROM record r WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = r.person_id)) AS orphans,
             (SELECT count(*)::int FROM person) AS persons,
             (SELECT count(*)::int FROM audit_entry) AS audit,
             (SELECT size::int FROM audit_head) AS head,
             (SELECT count(*)::int FROM event WHERE type = 'captivity_reported') AS events,
             (SELECT count(*)::int FROM audit_entry WHERE action = 'event.create') AS "eventEntries",
             (SELECT count(*)::int FROM audit_pending) AS pending`.execute(database.db);
    const counts = r.rows[0];
    if (!counts) throw new Error('no counts');
    return counts;
  } finally {
    await database.close();
  }
}

describe.each(DATABASE_KINDS)('homecoming backup and restore on %s', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('backs up while the server runs and writes, restores into an empty target only, and the audit log verifies', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-backup-test-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    // A restore target must be empty; the source starts migrated (a template copy, a migrated image).
    const newTarget = async (
      name: string,
      migrated = false,
    ): Promise<{ env: NodeJS.ProcessEnv; target: DatabaseTarget }> => {
      const auditDir = path.join(dir, name, 'audit');
      if (kind === 'postgres') {
        const scratch = migrated ? await createMigratedScratchDatabase() : await createScratchDatabase();
        cleanups.push(scratch.drop);
        return {
          env: {
            DATABASE_URL: scratch.url,
            HOMECOMING_DATA: path.join(dir, name),
            HOMECOMING_AUDIT_DIR: auditDir,
          },
          target: { url: scratch.url },
        };
      }
      const data = path.join(dir, name);
      if (migrated) await prepareDataDir(data);
      return {
        env: { DATABASE_URL: '', HOMECOMING_DATA: data, HOMECOMING_AUDIT_DIR: auditDir },
        target: { dataDir: data },
      };
    };

    const source = await newTarget('source', true);
    const setup = await openDatabase(source.target);
    await migrate(setup.pool);
    const actor = await createTestActor(setup, 'registrar');
    await setup.close();

    const server = await startServer(source.env);
    let stop = false;
    let acknowledged = 0;
    let events = 0;
    const writer = (async () => {
      let person = '';
      for (let i = 0; !stop; i++) {
        // Records (their entries appended at once) and events (theirs numbered inside the COMMIT, 0052).
        if (person !== '' && i % 2 === 1) {
          const res = await fetch(`${server.base}/api/v1/persons/${person}/events`, {
            method: 'POST',
            headers: { ...actor.headers, 'content-type': 'application/json' },
            body: JSON.stringify({ type: 'captivity_reported', source: 'backup-test' }),
          });
          expect(res.status).toBe(201);
          events++;
          continue;
        }
        const res = await fetch(`${server.base}/api/v1/records`, {
          method: 'POST',
          headers: { ...actor.headers, 'content-type': 'application/json' },
          body: JSON.stringify({
            source: 'backup-test',
            family_name: `Бекапенко${i}`,
            given_name: 'Тарас',
            birth_date: '1990',
          }),
        });
        expect(res.status).toBe(201);
        person = ((await res.json()) as { person_id: string }).person_id;
        acknowledged++;
      }
    })();
    try {
      while (acknowledged < 5) await new Promise((r) => setTimeout(r, 20));
      const file = path.join(dir, 'registry.hcbak');
      const backup = await runCli(['backup', file, '--json'], source.env);
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      const made = JSON.parse(backup.stdout);
      expect(made.kind).toBe(kind);
      const ackAtBackup = acknowledged;
      // Writes go on after the backup; the restore holds the moment of the backup.
      while (acknowledged < ackAtBackup + 5) await new Promise((r) => setTimeout(r, 20));
      stop = true;
      await writer;

      const restored = await newTarget('restored');
      const r = await runCli(['restore', file, '--json'], restored.env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.audit.ok).toBe(true);
      expect(out.auditWritten.sort()).toEqual(['checkpoints.jsonl', 'leaves.bin', 'signing-key.pem']);
      expect(out.tracingKey).toBe('written');

      const counts = await registryCounts(restored.target);
      expect(counts.orphans).toBe(0);
      expect(counts.persons).toBe(counts.records);
      expect(counts.records).toBeGreaterThanOrEqual(5);
      expect(counts.records).toBeLessThan(ackAtBackup + 5);
      expect(counts.audit).toBe(counts.head);
      expect(counts.head).toBe(made.audit_entries);
      expect(events).toBeGreaterThan(0);
      expect(counts.events).toBeGreaterThan(0);
      expect(counts.eventEntries).toBe(counts.events);
      expect(counts.pending).toBe(0);
      // The restored registry numbers an entry written for the commit, as the original did (0052, 0054).
      const after = await openDatabase(restored.target);
      try {
        await after.db.transaction().execute(async (trx) => {
          await appendAuditAtCommit(trx, actor.principal, {
            action: 'person.read',
            objectType: 'person',
            objectId: null,
          });
        });
      } finally {
        await after.close();
      }
      const numbered = await registryCounts(restored.target);
      expect(numbered.head).toBe(counts.head + 1);
      expect(numbered.audit).toBe(counts.head + 1);
      expect(numbered.pending).toBe(0);
      if (kind === 'postgres') {
        // Restored as it was made: fired always (0054), under session_replication_role = replica too.
        const d = await openDatabase(restored.target);
        const t = await sql<{ enabled: string }>`SELECT tgenabled AS enabled FROM pg_trigger
          WHERE tgname = 'audit_pending_append'`.execute(d.db);
        await d.close();
        expect(t.rows.map((r) => r.enabled)).toEqual(['A']);
      }

      if (kind === 'postgres') {
        // The restore ran the same check; on PostgreSQL (quick to open) also as the operator would.
        const verify = await runCli(['audit', 'verify', '--json'], restored.env);
        expect(verify.code).toBe(0);
        expect(JSON.parse(verify.stdout).ok).toBe(true);
      }

      // A second restore into the now non-empty target is refused, and changes nothing.
      const again = await runCli(['restore', file], restored.env);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/not empty|already holds a database/);
      expect((await registryCounts(restored.target)).records).toBe(counts.records);

      // A damaged copy is refused before anything is written.
      const damaged = path.join(dir, 'damaged.hcbak');
      const bytes = fs.readFileSync(file);
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
      fs.writeFileSync(damaged, bytes);
      const other = await newTarget('other');
      const refused = await runCli(['restore', damaged], other.env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/does not match its checksum/);
      expect(fs.existsSync(path.join(dir, 'other', 'audit'))).toBe(false);
    } finally {
      stop = true;
      await writer.catch(() => undefined);
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
