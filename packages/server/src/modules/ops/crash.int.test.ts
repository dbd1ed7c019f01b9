import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.js';
import { runCli, spawnCli } from '../../test/cli.js';
import { runCrashRounds } from '../../test/crashRounds.js';
import {
  createMigratedScratchDatabase,
  DATABASE_KINDS,
  HAS_POSTGRES,
  prepareDataDir,
} from '../../test/databases.js';

// Crash proof (issue #16), reduced for the suite: the full form is `npm run bench:crash -- --rounds 50`.
// A CLI import killed mid-way on both databases (kept small: the property is per batch, not per size),
// and a few rounds of the server killed while clients write over HTTP.
// 600 rows in six batches, killed once three have committed (it was 1,200 in twelve: the rows past the
// kill were only imported again, and both sizes fail when a resumed import does not skip what committed).
const ROWS = 600;
const BATCH = 100;
const SERVER_ROUNDS = 3;
const PGLITE_SERVER_ROUNDS = 1;

// Digits written as consonants, so that each generated name has keys of its own (name keys ignore
// digits: "Прізвище12" and "Прізвище13" would be one family to record linkage).
const spell = (n: number): string => [...String(n)].map((d) => 'бвгдзклмнр'[Number(d)]).join('а');

function writeCsv(file: string): void {
  // Every row is another soldier: a service number of its own, so that record linkage (two different
  // service numbers are never one person) leaves each row its own person, as the counts below expect.
  const out = ['external_id,source,category,family_name,given_name,sex,birth_date,status,service_number'];
  for (let i = 0; i < ROWS; i++) {
    out.push(
      `k${i},crash-list,military,Шу${spell(i % 997)}енко,Ша${spell(i % 113)}о,male,19${50 + (i % 50)}-01-0${1 + (i % 9)},${i % 2 ? 'missing' : ''},АБ${String(i).padStart(6, '0')}`,
    );
  }
  fs.writeFileSync(file, out.join('\n') + '\n');
}

/**
 * Every batch wholly in or wholly out: each committed batch (import_batch) has all its lines' records,
 * no record lies outside a committed batch, and each record has its person and each status its event.
 */
async function expectWholeBatches(database: Database): Promise<number> {
  const q = await sql<{
    records: number;
    linked: number;
    persons: number;
    events: number;
    batched: number;
    partial: number;
    outside: number;
  }>`
    SELECT
      (SELECT count(*)::int FROM record) AS records,
      (SELECT count(*)::int FROM record r JOIN person p ON p.id = r.person_id) AS linked,
      (SELECT count(*)::int FROM person) AS persons,
      (SELECT count(*)::int FROM event) AS events,
      (SELECT coalesce(sum(rows_imported), 0)::int FROM import_batch) AS batched,
      (SELECT count(*)::int FROM import_batch b
        WHERE (SELECT count(*) FROM record r WHERE r.import_run_id = b.run_id
               AND r.import_line BETWEEN b.first_line AND b.last_line) <> b.last_line - b.first_line + 1) AS partial,
      (SELECT count(*)::int FROM record r WHERE NOT EXISTS (SELECT 1 FROM import_batch b
        WHERE b.run_id = r.import_run_id AND r.import_line BETWEEN b.first_line AND b.last_line)) AS outside
  `.execute(database.db);
  const c = q.rows[0];
  if (!c) throw new Error('no counts');
  expect(c.partial).toBe(0);
  expect(c.outside).toBe(0);
  expect(c.batched).toBe(c.records);
  expect(c.records % BATCH).toBe(0);
  expect(c.linked).toBe(c.records);
  expect(c.persons).toBe(c.records);
  expect(c.events).toBe(c.records / 2);
  return c.records;
}

describe.each(DATABASE_KINDS)('an import killed with SIGKILL on %s', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('leaves every batch wholly in or out, and running it again completes it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-crash-'));
    const file = path.join(dir, 'big.csv');
    writeCsv(file);
    let env: NodeJS.ProcessEnv;
    let target: { url: string } | { dataDir: string };
    // Both start migrated (a template copy, a migrated image): the test is about the kill, not set-up.
    if (kind === 'postgres') {
      const scratch = await createMigratedScratchDatabase();
      cleanups.push(scratch.drop);
      env = { DATABASE_URL: scratch.url };
      target = { url: scratch.url };
    } else {
      await prepareDataDir(path.join(dir, 'data'));
      env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: '' };
      target = { dataDir: path.join(dir, 'data') };
    }

    const child = spawnCli(['import', file, '--batch-size', String(BATCH)], {
      ...env,
      HOMECOMING_PROGRESS_INTERVAL_MS: '0',
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
        // Kill mid-way: after a few batches have committed, while the next is being written.
        const m = [...stderr.matchAll(/import: (\d+) rows/g)].pop();
        if (m && Number(m[1]) >= 3 * BATCH) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('close', () => reject(new Error(`import ended before it was killed: ${stderr}`)));
    });
    await new Promise((resolve) => child.on('close', resolve));

    let database = await openDatabase(target);
    const committed = await expectWholeBatches(database);
    expect(committed).toBeGreaterThanOrEqual(BATCH);
    expect(committed).toBeLessThan(ROWS);
    await database.close();

    const again = await runCli(['import', file, '--batch-size', String(BATCH), '--json'], env);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout);
    expect(summary).toMatchObject({
      rows: ROWS,
      resumed: committed,
      imported: ROWS - committed,
      rejected: 0,
    });

    // The summary above already says every row is in; opening the embedded database once more to count
    // them again would cost seconds of the suite, so only PostgreSQL is recounted.
    if (kind === 'postgres') {
      database = await openDatabase(target);
      expect(await expectWholeBatches(database)).toBe(ROWS);
      await database.close();
    }
  });
});

describe.runIf(HAS_POSTGRES)('the server killed with SIGKILL while clients write, on postgres', () => {
  it(`keeps every acknowledged record, event and import whole with their audit entries, leaves a cut import's first whole batches, and the audit log verifies, over ${SERVER_ROUNDS} kills, two clients importing side by side (one file sent by both at once)`, async () => {
    const scratch = await createMigratedScratchDatabase();
    try {
      const r = await runCrashRounds({
        url: scratch.url,
        rounds: SERVER_ROUNDS,
        clients: 3,
        importClients: 2,
        killAfterMs: [600, 1200],
      });
      expect(r.problems).toEqual([]);
      expect(r.lost).toBe(0);
      expect(r.halfWritten).toBe(0);
      expect(r.auditOk).toBe(true);
      expect(r.acknowledged.records).toBeGreaterThan(0);
      // The second round's kill waits for an acknowledged import: each round imports from its start.
      expect(r.acknowledged.imports).toBeGreaterThan(0);
      expect(r.imports.cut.absent + r.imports.cut.wholeBatches + r.imports.cut.allRows).toBeLessThanOrEqual(
        r.imports.inFlightAtKills,
      );
    } finally {
      await scratch.drop();
    }
  });
});

describe('the server killed with SIGKILL while clients write, on pglite', () => {
  it(`starts again on the killed data folder, keeps every acknowledged record and event, leaves a cut import's first whole batches, and the audit log verifies, over ${PGLITE_SERVER_ROUNDS} kill`, async () => {
    // The full form: `npm run bench:crash -- --pglite --clients 2 --rounds 50`.
    const r = await runCrashRounds({
      rounds: PGLITE_SERVER_ROUNDS,
      clients: 1,
      // The kill lands wherever the import client is (an import beside the clients takes 10–60 s on
      // PGlite on a loaded machine); the server is started once more on the folder the kill left.
      waitForImportIn: 'never',
      // ...but lands while one is under way: on an idle machine an import can end within the delay, and
      // a kill between two files cut none (CI saw that once).
      killInImport: true,
      killAfterMs: [600, 1200],
    });
    expect(r.problems).toEqual([]);
    expect(r.lost).toBe(0);
    expect(r.halfWritten).toBe(0);
    expect(r.auditOk).toBe(true);
    expect(r.acknowledged.records).toBeGreaterThan(0);
    expect(r.imports.inFlightAtKills).toBeGreaterThan(0);
  });
});
