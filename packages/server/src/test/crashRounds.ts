import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { verifyAudit, writeCheckpoint } from '../modules/audit/checkpoint.js';
import { createTestActor } from './auth.js';
import { startServer } from './server.js';

/**
 * Crash proof (issue #16): rounds of `homecoming serve` on PostgreSQL killed with SIGKILL while clients
 * write over HTTP (records, events, imports), then a check that every write the API acknowledged is
 * there, nothing is half-written, and the audit log verifies. Used by `npm run bench:crash` (≥ 50
 * rounds) and, reduced, by the test suite.
 */
export interface CrashOptions {
  /** A fresh, empty PostgreSQL database. */
  url: string;
  rounds: number;
  /** Concurrent writing clients per round. */
  clients?: number;
  /**
   * How long clients write before the kill, in ms: a random time in [min, max] after the round's first
   * acknowledged record.
   */
  killAfterMs?: [number, number];
  log?: (line: string) => void;
  /** Run the compiled server (`npm run build` first) instead of the source. */
  built?: boolean;
  /**
   * What crashes instead of the server alone: called at the moment of the kill, while clients write (e.g.
   * PostgreSQL stopped with `pg_ctl -m immediate`); the server is SIGKILLed after it, then `recover` runs
   * (PostgreSQL started again) before the round's check.
   */
  crash?: () => Promise<void>;
  recover?: () => Promise<void>;
}

export interface CrashReport {
  rounds: number;
  acknowledged: { records: number; events: number; imports: number; importRows: number };
  /** Writes the API acknowledged that were not found afterwards (must be 0). */
  lost: number;
  /** Records without their person, import batches not whole, events of unknown persons (must be 0). */
  halfWritten: number;
  auditEntries: number;
  auditOk: boolean;
  auditProblem: string | null;
  problems: string[];
  seconds: number;
}

const IMPORT_ROWS = 40;
/** How long a round waits for its first acknowledged record before its kill's delay starts anyway. */
const FIRST_WRITE_TIMEOUT_MS = 60_000;

function importCsv(tag: string): string {
  const lines = ['external_id,family_name,given_name,birth_date,service_number,category'];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    // A service number of its own per row: linkage never merges two of them into one person.
    lines.push(`${tag}-${i},Крашенко,Імпорт,1970-01-01,${tag.toUpperCase()}-${i},military`);
  }
  return lines.join('\n') + '\n';
}

interface Acked {
  records: Map<string, string>; // record id → person id
  events: Map<string, string>; // event id → person id
  imports: Map<string, number>; // source name → rows written
}

async function client(
  base: string,
  headers: Record<string, string>,
  id: string,
  round: number,
  acked: Acked,
  persons: string[],
  stop: () => boolean,
): Promise<void> {
  const json = { ...headers, 'content-type': 'application/json' };
  for (let i = 0; !stop(); i++) {
    try {
      // Each client starts elsewhere in the cycle, so an import is under way from the first moment.
      const pick = (i + Number(id)) % 5;
      if (pick === 4) {
        // An import over HTTP: acknowledged once its job reports done.
        const source = `crash-r${round}-${id}-${i}`;
        const res = await fetch(`${base}/api/v1/imports?source=${source}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'text/csv' },
          body: importCsv(source),
        });
        if (res.status !== 202) throw new Error(`import answered ${res.status}`);
        const { id: job } = (await res.json()) as { id: string };
        for (;;) {
          await new Promise((r) => setTimeout(r, 50));
          const s = await fetch(`${base}/api/v1/imports/${job}`, { headers });
          const j = (await s.json()) as { state: string; records_written: number };
          if (j.state === 'running') continue;
          if (j.state !== 'done') throw new Error(`import ended ${j.state}`);
          acked.imports.set(source, j.records_written);
          break;
        }
      } else if (pick === 3 && persons.length > 0) {
        const person = persons[(i * 7919) % persons.length] ?? '';
        const res = await fetch(`${base}/api/v1/persons/${person}/events`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ type: 'captivity_reported', source: 'crash-test', note: `round ${round}` }),
        });
        if (res.status !== 201) throw new Error(`event answered ${res.status}`);
        const e = (await res.json()) as { id: string };
        acked.events.set(e.id, person);
      } else {
        const res = await fetch(`${base}/api/v1/records`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({
            source: 'crash-test',
            external_id: `r${round}-${id}-${i}`,
            family_name: 'Аварієнко',
            given_name: `Клієнт${id}`,
            birth_date: `19${50 + (i % 50)}`,
          }),
        });
        if (res.status !== 201) throw new Error(`record answered ${res.status}`);
        const r = (await res.json()) as { record: { id: string }; person_id: string };
        acked.records.set(r.record.id, r.person_id);
        persons.push(r.person_id);
      }
    } catch (err) {
      // The kill cut this request: it was never acknowledged, so it proves nothing either way.
      if (stop()) return;
      const msg = (err as Error).message;
      if (/fetch failed|ECONNRESET|ECONNREFUSED|socket|terminated/i.test(msg)) return;
      throw err;
    }
  }
}

async function check(
  database: Database,
  acked: Acked,
  auditDir: string,
): Promise<Omit<CrashReport, 'rounds' | 'acknowledged' | 'seconds'>> {
  const problems: string[] = [];
  let lost = 0;
  const recordIds = [...acked.records.keys()];
  for (let i = 0; i < recordIds.length; i += 1000) {
    const ids = recordIds.slice(i, i + 1000);
    const found = await database.db
      .selectFrom('record')
      .select(['id', 'person_id'])
      .where('id', 'in', ids)
      .execute();
    const byId = new Map(found.map((r) => [r.id, r.person_id]));
    for (const id of ids) if (!byId.has(id)) lost++;
  }
  const eventIds = [...acked.events.keys()];
  for (let i = 0; i < eventIds.length; i += 1000) {
    const ids = eventIds.slice(i, i + 1000);
    const found = await database.db.selectFrom('event').select('id').where('id', 'in', ids).execute();
    lost += ids.length - found.length;
  }
  for (const [source, rows] of acked.imports) {
    const r = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = ${source}`.execute(
      database.db,
    );
    if ((r.rows[0]?.n ?? 0) < rows) {
      lost++;
      problems.push(`import ${source}: ${rows} rows acknowledged, ${r.rows[0]?.n ?? 0} found`);
    }
  }
  if (lost > 0) problems.push(`${lost} acknowledged writes not found`);
  const half = await sql<{ orphans: number; partial: number; outside: number; events: number }>`
    SELECT
      (SELECT count(*)::int FROM record r WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = r.person_id)) AS orphans,
      (SELECT count(*)::int FROM import_batch b
        WHERE (SELECT count(*) FROM record r WHERE r.import_run_id = b.run_id
               AND r.import_line BETWEEN b.first_line AND b.last_line) <> b.rows_imported) AS partial,
      (SELECT count(*)::int FROM record r WHERE r.import_run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM import_batch b
        WHERE b.run_id = r.import_run_id AND r.import_line BETWEEN b.first_line AND b.last_line)) AS outside,
      (SELECT count(*)::int FROM event e WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = e.person_id)) AS events
  `.execute(database.db);
  const h = half.rows[0] ?? { orphans: 0, partial: 0, outside: 0, events: 0 };
  const halfWritten = h.orphans + h.partial + h.outside + h.events;
  if (halfWritten > 0) problems.push(`half-written: ${JSON.stringify(h)}`);
  // The server was killed, never closed: sign what it appended, then verify the whole log.
  await writeCheckpoint(database, auditDir);
  const v = await verifyAudit(database, auditDir);
  if (!v.ok) problems.push(`audit verify: ${v.problem}`);
  return { lost, halfWritten, auditEntries: v.entries, auditOk: v.ok, auditProblem: v.problem, problems };
}

/** Runs the rounds and checks after each; returns the figures (problems empty when all held). */
export async function runCrashRounds(o: CrashOptions): Promise<CrashReport> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-crash-'));
  const auditDir = path.join(dir, 'audit');
  const setup = await openDatabase({ url: o.url });
  await migrate(setup.pool);
  const actor = await createTestActor(setup, 'registrar');
  await setup.close();
  const env = {
    DATABASE_URL: o.url,
    HOMECOMING_DATA: dir,
    HOMECOMING_AUDIT_DIR: auditDir,
    LOG_LEVEL: 'silent',
  };
  const acked: Acked = { records: new Map(), events: new Map(), imports: new Map() };
  const persons: string[] = [];
  const [minMs, maxMs] = o.killAfterMs ?? [500, 2500];
  let last: Omit<CrashReport, 'rounds' | 'acknowledged' | 'seconds'> | undefined;
  try {
    for (let round = 1; round <= o.rounds; round++) {
      const server = await startServer(env, { built: o.built ?? false });
      let stopped = false;
      const clients = Array.from({ length: o.clients ?? 4 }, (_, c) =>
        client(server.base, actor.headers, String(c), round, acked, persons, () => stopped),
      );
      const failures: unknown[] = [];
      const running = Promise.all(clients.map((p) => p.catch((err: unknown) => failures.push(err))));
      // The kill's delay counts from the round's first acknowledged record, not from the server's start:
      // on a loaded machine its first answers took longer than the whole window, and three rounds
      // killed a server that had acknowledged nothing (a test that proved nothing, and failed).
      const recordsBefore = acked.records.size;
      const waitUntil = Date.now() + FIRST_WRITE_TIMEOUT_MS;
      while (acked.records.size === recordsBefore && failures.length === 0 && Date.now() < waitUntil)
        await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, minMs + Math.random() * (maxMs - minMs)));
      if (o.crash) {
        // Requests under way when PostgreSQL goes down fail with the server's answer, not a cut socket.
        stopped = true;
        await o.crash();
      }
      server.child.kill('SIGKILL');
      await server.exited;
      stopped = true;
      await running;
      if (o.recover) await o.recover();
      if (failures.length > 0) throw new Error(`a client failed before the kill: ${String(failures[0])}`);
      const database = await openDatabase({ url: o.url });
      try {
        last = await check(database, acked, auditDir);
      } finally {
        await database.close();
      }
      log(
        `${new Date().toISOString().slice(11, 19)} round ${round}/${o.rounds}: acknowledged ${acked.records.size} records, ${acked.events.size} events, ${acked.imports.size} imports; lost ${last.lost}, half-written ${last.halfWritten}, audit ${last.auditOk ? 'ok' : 'FAILED'} (${last.auditEntries} entries)`,
      );
      if (last.problems.length > 0) break;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const done = last ?? {
    lost: 0,
    halfWritten: 0,
    auditEntries: 0,
    auditOk: true,
    auditProblem: null,
    problems: [],
  };
  return {
    rounds: o.rounds,
    acknowledged: {
      records: acked.records.size,
      events: acked.events.size,
      imports: acked.imports.size,
      importRows: [...acked.imports.values()].reduce((a, b) => a + b, 0),
    },
    ...done,
    seconds: (Date.now() - started) / 1000,
  };
}
