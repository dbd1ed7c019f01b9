/**
 * Audit log benchmark (npm run bench:audit): on a scratch PostgreSQL database (or DB=pglite),
 *  - WRITERS concurrent writers (default 8) each append ENTRIES/WRITERS entries, one transaction each
 *    (as requests do): entries per second, and p50/p95/p99 milliseconds per appending transaction;
 *  - signs a checkpoint over the whole log, then verifies the whole log against it.
 * Targets (issue #5, ours): ≥ 1,000 appends/s with 8 concurrent writers on PostgreSQL (appends are
 * serialised on the audit head, so this is the ceiling for audited requests); verify 100,000 entries
 * in ≤ 10 s.
 */
// The process's hooks, as in production (records refuse to refresh persons without them).
import '../packages/server/src/wiring.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../packages/server/src/db/database.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { appendAudit } from '../packages/server/src/modules/audit/log.js';
import { verifyAudit, writeCheckpoint } from '../packages/server/src/modules/audit/checkpoint.js';
import { createScratchDatabase } from './lib.js';

const ENTRIES = Number(process.env['ENTRIES'] ?? 100_000);
const WRITERS = Number(process.env['WRITERS'] ?? 8);
const KIND = process.env['DB'] === 'pglite' ? 'pglite' : 'postgres';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-audit-bench-'));
const scratch = KIND === 'postgres' ? await createScratchDatabase('hc_auditbench') : null;
const database: Database = scratch
  ? await openDatabase({ url: scratch.url })
  : await openDatabase({ dataDir: path.join(dir, 'data') });
try {
  await migrate(database.pool);
  const actor = { id: '01900000-0000-7000-8000-000000000042', role: 'registrar', kind: 'user' } as const;
  const latencies: number[] = [];
  let next = 0;
  const writer = async () => {
    while (next < ENTRIES) {
      const i = next++;
      const t0 = performance.now();
      await database.db.transaction().execute(async (trx) => {
        await appendAudit(
          trx,
          actor,
          {
            action: 'person.read',
            objectType: 'person',
            objectId: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
          },
          { address: '10.0.0.1' },
        );
      });
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: WRITERS }, writer));
  const appendS = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(1);

  const t1 = performance.now();
  const c = await writeCheckpoint(database, dir);
  const checkpointS = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  const v = await verifyAudit(database, dir);
  const verifyS = (performance.now() - t2) / 1000;
  if (!v.ok || c?.size !== ENTRIES) throw new Error(`verification failed: ${JSON.stringify(v)}`);

  console.log(
    `database: ${KIND}; ${ENTRIES} entries by ${WRITERS} concurrent writers; ${os.cpus().length} cores`,
  );
  console.log(
    `append: ${Math.round(ENTRIES / appendS)} entries/s; ms per transaction p50 ${pct(50)} p95 ${pct(95)} p99 ${pct(99)}`,
  );
  console.log(
    `checkpoint of ${ENTRIES} entries: ${checkpointS.toFixed(2)} s; verify: ${verifyS.toFixed(2)} s`,
  );
} finally {
  await database.close();
  await scratch?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
