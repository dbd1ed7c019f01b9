import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { verifyAudit, writeCheckpoint } from '../modules/audit/checkpoint.js';
import { createTestActor } from './auth.js';
import { prepareDataDir } from './databases.js';
import { startServer } from './server.js';

/**
 * Crash proof (issue #16): rounds of `homecoming serve` on PostgreSQL killed with SIGKILL while clients
 * write over HTTP (records, events, imports), then a check that every write the API acknowledged is
 * there with its audit entry, nothing is half-written, and the audit log verifies. Used by
 * `npm run bench:crash` (≥ 50 rounds) and, reduced, by the test suite.
 *
 * What an import promises (csvImport.ts, service.ts), and so what is checked of it:
 * - acknowledged (its job answered `done`): every row of the file is a record of its source, with its
 *   person, an automatic link for each it counted linked, its run finished, its job's row `done`,
 *   and the audit log holds its `import.start` and one `import.batch` entry for each committed batch;
 * - not acknowledged (cut by the kill): each batch commits whole — records, persons, links, status events,
 *   review pairs, its `import_batch` checkpoint and its audit entries in one transaction — and batches commit
 *   in the file's order, so what is there is the file's first k rows, k a whole number of batches (0, or all
 *   of them once the end step was under way); a file is not one transaction. Sent again, it resumes and
 *   completes: the rows of the committed batches are not written twice.
 */
export interface CrashOptions {
  /**
   * A fresh, empty PostgreSQL database; without it, the server runs on PGlite in a data folder of the
   * harness's own (`HOMECOMING_DATA`), and each round's check reads a copy of the folder as the kill left it,
   * so that the next round's server is the first to open the killed folder.
   */
  url?: string;
  rounds: number;
  /** Concurrent clients writing records and events per round. */
  clients?: number;
  /**
   * Clients importing files at once (default 1). With two or more, every third new file is sent by two of
   * them at the same moment (the same file twice, concurrently), and files a kill cut are sent again.
   */
  importClients?: number;
  /**
   * How long clients write before the kill, in ms: a random time in [min, max] after the round's first
   * acknowledged record.
   */
  killAfterMs?: [number, number];
  /**
   * The rounds whose kill also waits for the round's first acknowledged import (default `even`); `odd`
   * from the first round on; `never` (a short run, such as the suite's on PGlite, whose imports beside
   * the clients take 10–60 s on a loaded machine).
   */
  waitForImportIn?: 'even' | 'odd' | 'never';
  /**
   * After its delay, the kill also waits (up to the first write's timeout) for an import under way, so
   * that it cuts one. Without it, on a fast machine a short round's kill could land between two imports
   * (the last one done, the next file still being built): the suite on PGlite once saw none in flight.
   */
  killInImport?: boolean;
  /** Rows per committed batch of an HTTP import (the server's HOMECOMING_IMPORT_BATCH_SIZE); default 8. */
  importBatchSize?: number;
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

export const IMPORT_KINDS = ['cp1251', 'xlsx', 'pfif', 'linked'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface CrashReport {
  rounds: number;
  acknowledged: {
    records: number;
    events: number;
    imports: number;
    importRows: number;
    /** Automatic links to the acknowledged imports' records, and those records in review pairs, found. */
    importLinks: number;
    importReviewPairRecords: number;
  };
  imports: {
    /** Files sent (each counted once, however often it was sent again after a kill). */
    files: number;
    acknowledgedByKind: Record<ImportKind, number>;
    /** Rounds in which at least one import was acknowledged. */
    roundsWithAcknowledged: number;
    /** From sending a file to its job answering done, ms: median and largest (the machine's load shows here). */
    msToDone: { median: number; max: number };
    /** Imports under way (sent, not yet answered done) at the kills, summed; rounds with one or more. */
    inFlightAtKills: number;
    roundsWithInFlight: number;
    /** What the kill left of the imports it cut: none of the rows, some whole batches, every row. */
    cut: { absent: number; wholeBatches: number; allRows: number };
    /** Cut imports sent again in a later round and acknowledged there (resumed). */
    resentAndAcknowledged: number;
    /** Files sent twice at once (`importClients` ≥ 2), and those whose two sendings were both acknowledged. */
    sentTwice: number;
    sentTwiceBothAcknowledged: number;
  };
  /** Writes the API acknowledged that were not found afterwards (must be 0). */
  lost: number;
  /** Records without their person, import batches not whole, events of unknown persons (must be 0). */
  halfWritten: number;
  /** Acknowledged writes whose audit entries were looked up and found. */
  auditEntriesChecked: number;
  auditEntries: number;
  auditOk: boolean;
  auditProblem: string | null;
  problems: string[];
  seconds: number;
}

/** The source name of every imported file starts with this (its records are found by it). */
const IMPORT_SOURCE = 'crash-imp';
/** How long a round waits for its first acknowledged record before its kill's delay starts anyway. */
const FIRST_WRITE_TIMEOUT_MS = 60_000;

// Digits written as consonants, so that each generated name has keys of its own (name keys ignore
// digits: two generated families must not be one family to record linkage).
const spell = (n: number): string => [...String(n)].map((d) => 'бвгдзклмнр'[Number(d)]).join('а');
const GIVEN = ['Олександр', 'Микола', 'Іван', 'Петро', 'Андрій', 'Сергій', 'Василь', 'Дмитро'];
const FATHER = ['Петрович', 'Іванович', 'Миколайович', 'Васильович'];

/** A generated person (never a real one), as a list writes it. */
export interface Listed {
  id: string;
  family: string;
  given: string;
  patronymic: string;
  birth: string;
  service: string;
}

/** One file to import, its rows' external ids in file order. */
interface ImportFile {
  tag: string;
  kind: ImportKind;
  ids: string[];
  listed: Listed[];
  body: Buffer;
  type: string;
}

interface ImportJobView {
  state: string;
  lines_read: number;
  records_written: number;
  unchanged: number;
  resumed: number;
  rejected: number;
  linked: number;
  possible: number;
}

interface ImportItem {
  file: ImportFile;
  /** Job ids the server answered 202 with (one per sending). */
  jobs: string[];
  /** The job's last answer once it said `done`: the (first) acknowledgement. */
  done: { job: string; view: ImportJobView; ms: number } | null;
  /** Every sending's acknowledgement (two for a file sent twice at once). */
  dones: { job: string; view: ImportJobView }[];
  /** The round it was cut in (not acknowledged when the server died), if it was. */
  cutIn: number | null;
  /** Sendings under way (two while a file is sent twice at once). */
  sending: number;
  /** Sent by two clients at the same moment, each time it is sent. */
  twice: boolean;
}

const dmy = (iso: string): string => iso.split('-').reverse().join('.');

export async function importFile(tag: string, kind: ImportKind, listed: Listed[]): Promise<ImportFile> {
  const ids = listed.map((p) => p.id);
  if (kind === 'cp1251') {
    // Excel's "CSV" on a Ukrainian Windows: cp1251, `;`, CRLF, one ПІБ column, dd.mm.yyyy.
    const rows = ['Ідентифікатор;ПІБ;Дата народження;Стать;Особовий номер;Категорія'];
    for (const p of listed)
      rows.push(
        [p.id, `${p.family} ${p.given} ${p.patronymic}`, dmy(p.birth), 'ч', p.service, 'military'].join(';'),
      );
    return {
      tag,
      kind,
      ids,
      listed,
      body: iconv.encode(rows.join('\r\n') + '\r\n', 'windows-1251'),
      type: 'text/csv',
    };
  }
  if (kind === 'xlsx') {
    // Russian headers and Excel date cells.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Список');
    ws.addRow([
      'Идентификатор',
      'Фамилия',
      'Имя',
      'Отчество',
      'Дата рождения',
      'Пол',
      'Личный номер',
      'Категория',
    ]);
    for (const p of listed) {
      const [y, m, d] = p.birth.split('-').map(Number) as [number, number, number];
      const row = ws.addRow([
        p.id,
        p.family,
        p.given,
        p.patronymic,
        new Date(Date.UTC(y, m - 1, d)),
        'м',
        p.service,
        'military',
      ]);
      row.getCell(5).numFmt = 'dd.mm.yyyy';
    }
    return {
      tag,
      kind,
      ids,
      listed,
      body: Buffer.from(await wb.xlsx.writeBuffer()),
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    };
  }
  if (kind === 'pfif') {
    const el = (name: string, value: string): string => `    <pfif:${name}>${value}</pfif:${name}>\n`;
    const persons = listed.map(
      (p) =>
        `  <pfif:person>\n${el('person_record_id', p.id)}${el('source_name', tag)}${el('family_name', p.family)}` +
        `${el('given_name', p.given)}${el('full_name', `${p.family} ${p.given} ${p.patronymic}`)}${el('sex', 'male')}` +
        `${el('date_of_birth', p.birth)}  </pfif:person>\n`,
    );
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">\n${persons.join('')}</pfif:pfif>\n`;
    return { tag, kind, ids, listed, body: Buffer.from(xml), type: 'application/octet-stream' };
  }
  // A list naming persons the registry already holds (from earlier files), so that linkage writes links
  // and review pairs: every other row as the earlier file had it (a match), the rest with only the year
  // of birth and no service number (a possible match at most).
  const rows = ['external_id,family_name,given_name,patronymic,sex,birth_date,service_number,category'];
  listed.forEach((p, i) =>
    rows.push(
      [
        p.id,
        p.family,
        p.given,
        p.patronymic,
        'male',
        i % 2 ? p.birth.slice(0, 4) : p.birth,
        i % 2 ? '' : p.service,
        'military',
      ].join(','),
    ),
  );
  return { tag, kind, ids, listed, body: Buffer.from(rows.join('\n') + '\n'), type: 'text/csv' };
}

interface Acked {
  records: Map<string, string>; // record id → person id
  events: Map<string, string>; // event id → person id
  imports: ImportItem[];
}

const CUT = /fetch failed|ECONNRESET|ECONNREFUSED|socket|terminated|other side closed/i;

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
      // Each client starts elsewhere in the cycle.
      if ((i + Number(id)) % 4 === 3 && persons.length > 0) {
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
      if (CUT.test((err as Error).message)) return;
      throw err;
    }
  }
}

/**
 * Imports files over HTTP one after another from the round's first moment: first those the last kills cut
 * (sent again, they must resume and complete), then new ones, cycling through the kinds.
 */
async function importClient(
  base: string,
  headers: Record<string, string>,
  queue: ImportItem[],
  next: () => Promise<ImportItem>,
  stop: () => boolean,
): Promise<void> {
  while (!stop()) {
    const item = queue.shift() ?? (await next());
    // A file sent twice at once: the two sendings start together, and the client goes on once both end.
    const sendings = await Promise.all(
      Array.from({ length: item.twice ? 2 : 1 }, () => sendImport(base, headers, item, stop)),
    );
    if (sendings.includes('cut')) {
      // Cut by the kill (or, PostgreSQL crashing, failed by it): sent again in the next round.
      if (!queue.includes(item)) queue.push(item);
      return;
    }
  }
}

/** Sends one file and follows its job to the end: `done`, or `cut` by the kill. */
async function sendImport(
  base: string,
  headers: Record<string, string>,
  item: ImportItem,
  stop: () => boolean,
): Promise<'done' | 'cut'> {
  {
    item.sending++;
    const sent = Date.now();
    try {
      const res = await fetch(`${base}/api/v1/imports?source=${encodeURIComponent(item.file.tag)}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': item.file.type },
        body: item.file.body,
      });
      if (res.status !== 202) throw new Error(`import answered ${res.status}: ${await res.text()}`);
      const { id: job } = (await res.json()) as { id: string };
      item.jobs.push(job);
      for (;;) {
        await new Promise((r) => setTimeout(r, 25));
        const s = await fetch(`${base}/api/v1/imports/${job}`, { headers });
        const view = (await s.json()) as ImportJobView & { error: string | null };
        if (view.state === 'running') continue;
        if (view.state !== 'done')
          throw new Error(`import ${item.file.kind} ended ${view.state}: ${view.error}`);
        item.done ??= { job, view, ms: Date.now() - sent };
        item.dones.push({ job, view });
        return 'done';
      }
    } catch (err) {
      if (!stop() && !CUT.test((err as Error).message)) throw err;
      return 'cut';
    } finally {
      item.sending--;
    }
  }
}

interface Checked {
  /** Automatic links, and records in review pairs, of the acknowledged imports' records. */
  links: number;
  reviewPairRecords: number;
  lost: number;
  halfWritten: number;
  auditEntriesChecked: number;
  auditEntries: number;
  auditOk: boolean;
  auditProblem: string | null;
  problems: string[];
}

/** How much of a file is there: the count of its rows found, when they are the file's first rows. */
function prefixFound(file: ImportFile, found: ReadonlySet<string>): number | null {
  let k = 0;
  while (k < file.ids.length && found.has(file.ids[k] as string)) k++;
  return found.size === k ? k : null;
}

async function check(
  database: Database,
  acked: Acked,
  auditDir: string,
  batchSize: number,
  cutThisRound: ImportItem[],
  cut: CrashReport['imports']['cut'],
): Promise<Checked> {
  const problems: string[] = [];
  let lost = 0;
  let halfWritten = 0;
  let auditEntriesChecked = 0;
  let foundLinks = 0;
  let foundPairs = 0;
  const db = database.db;

  // Records and events: each there, each with its audit entry.
  const entries = async (action: string): Promise<Set<string>> =>
    new Set(
      (
        await sql<{ id: string }>`SELECT object_id AS id FROM audit_entry WHERE action = ${action}`.execute(
          db,
        )
      ).rows.map((r) => r.id),
    );
  const recordIds = [...acked.records.keys()];
  const eventIds = [...acked.events.keys()];
  const foundRecords = new Set(
    recordIds.length === 0
      ? []
      : (
          await sql<{ id: string }>`SELECT id FROM record WHERE id = ANY(${recordIds}::uuid[])`.execute(db)
        ).rows.map((r) => r.id),
  );
  const foundEvents = new Set(
    eventIds.length === 0
      ? []
      : (
          await sql<{ id: string }>`SELECT id FROM event WHERE id = ANY(${eventIds}::uuid[])`.execute(db)
        ).rows.map((r) => r.id),
  );
  const recordEntries = await entries('record.create');
  const eventEntries = await entries('event.create');
  const startEntries = await entries('import.start');
  let unaudited = 0;
  for (const id of recordIds) {
    if (!foundRecords.has(id)) lost++;
    else if (!recordEntries.has(id)) unaudited++;
  }
  for (const id of eventIds) {
    if (!foundEvents.has(id)) lost++;
    else if (!eventEntries.has(id)) unaudited++;
  }
  auditEntriesChecked += recordIds.length + eventIds.length;

  // Imports: what each file left, by its source.
  const rows = await sql<{ source: string; external_id: string; run: string | null; line: number | null }>`
    SELECT s.name AS source, r.external_id, r.import_run_id AS run, r.import_line AS line
    FROM record r JOIN source s ON s.id = r.source_id
    WHERE s.name LIKE ${IMPORT_SOURCE + '%'}`.execute(db);
  const bySource = new Map<string, Set<string>>();
  for (const r of rows.rows) {
    const s = bySource.get(r.source) ?? new Set<string>();
    s.add(r.external_id);
    bySource.set(r.source, s);
  }
  const runs = await sql<{ id: string; source: string; finished: boolean }>`
    SELECT id, default_source AS source, finished_at IS NOT NULL AS finished FROM import_run
    WHERE default_source LIKE ${IMPORT_SOURCE + '%'} ORDER BY started_at`.execute(db);
  const runsOf = new Map<string, { id: string; finished: boolean }[]>();
  for (const r of runs.rows) runsOf.set(r.source, [...(runsOf.get(r.source) ?? []), r]);
  const jobRows = new Map(
    (await sql<{ id: string; view: ImportJobView }>`SELECT id, view FROM import_job`.execute(db)).rows.map(
      (r) => [r.id, r.view],
    ),
  );
  const links = new Map(
    (
      await sql<{ source: string; n: number }>`
        SELECT s.name AS source, count(*)::int AS n FROM link l JOIN record r ON r.id = l.record_id
        JOIN source s ON s.id = r.source_id WHERE l.kind = 'auto' AND s.name LIKE ${IMPORT_SOURCE + '%'}
        GROUP BY s.name`.execute(db)
    ).rows.map((r) => [r.source, r.n]),
  );
  const reviewed = new Map(
    (
      await sql<{ source: string; n: number }>`
        SELECT s.name AS source, count(DISTINCT r.id)::int AS n FROM review_pair p
        JOIN record r ON r.id IN (p.left_record_id, p.right_record_id)
        JOIN source s ON s.id = r.source_id WHERE s.name LIKE ${IMPORT_SOURCE + '%'}
        GROUP BY s.name`.execute(db)
    ).rows.map((r) => [r.source, r.n]),
  );
  for (const item of acked.imports) {
    const { file } = item;
    const found = bySource.get(file.tag) ?? new Set<string>();
    const k = prefixFound(file, found);
    // Every job the server answered 202 had its row and its `import.start` entry committed first.
    for (const job of item.jobs) {
      auditEntriesChecked++;
      if (!startEntries.has(job)) {
        unaudited++;
        problems.push(`import ${file.tag}: job ${job} answered 202 without its import.start entry`);
      }
      if (!jobRows.has(job)) problems.push(`import ${file.tag}: job ${job} answered 202 without its row`);
    }
    const fileRuns = runsOf.get(file.tag) ?? [];
    if (item.done !== null) {
      if (found.size < file.ids.length) {
        lost += file.ids.length - found.size;
        problems.push(
          `import ${file.tag} (${file.kind}): acknowledged, ${found.size} of ${file.ids.length} rows found`,
        );
      }
      if (!fileRuns.some((r) => r.finished))
        problems.push(`import ${file.tag}: acknowledged, its run not finished`);
      // Every sending acknowledged (two of a file sent twice at once, one more for each sent again).
      let linked = 0;
      for (const { job, view } of item.dones) {
        linked += view.linked;
        if (view.lines_read !== file.ids.length || view.rejected !== 0)
          problems.push(`import ${file.tag} (${file.kind}): acknowledged ${JSON.stringify(view)}`);
        const row = jobRows.get(job);
        if (row?.state !== 'done') {
          lost++;
          problems.push(
            `import ${file.tag}: acknowledged done, its job's row says ${row?.state ?? 'nothing'}`,
          );
        }
      }
      // Each record linkage joined to a person (`linked`) has its automatic link, each record once: the
      // sendings' counts add up to the links found at most. (`possible` counts possible matches, of which
      // only those nearly as sure as a link are queued: the pairs are counted.)
      if ((links.get(file.tag) ?? 0) < linked) {
        lost++;
        problems.push(`import ${file.tag}: jobs counted ${linked} links, ${links.get(file.tag) ?? 0} found`);
      }
      foundLinks += links.get(file.tag) ?? 0;
      foundPairs += reviewed.get(file.tag) ?? 0;
    }
    // Not a file's first rows, or not a whole number of batches: a half-written import.
    if (k === null || (k !== file.ids.length && k % batchSize !== 0)) {
      halfWritten++;
      problems.push(
        `import ${file.tag} (${file.kind}): ${found.size} rows found, not the file's first whole batches`,
      );
    } else if (item.cutIn !== null && cutThisRound.includes(item)) {
      if (k === 0) cut.absent++;
      else if (k === file.ids.length) cut.allRows++;
      else cut.wholeBatches++;
    }
  }

  // Every committed batch, of any import: whole, with its audit entries, and no imported record outside one.
  const half = await sql<{
    orphans: number;
    partial: number;
    outside: number;
    events: number;
    emptyPersons: number;
    links: number;
    pairs: number;
    unaudited: number;
  }>`
    SELECT
      -- A person no record describes (one made for a record another writer inserted first, say).
      (SELECT count(*)::int FROM person p WHERE p.merged_into IS NULL
        AND NOT EXISTS (SELECT 1 FROM record r WHERE r.person_id = p.id)) AS "emptyPersons",
      -- A live link that does not say what its record says, or a record with two live links.
      (SELECT count(*)::int FROM link l JOIN record r ON r.id = l.record_id
        WHERE l.ended_at IS NULL AND l.person_id <> r.person_id)
        + (SELECT count(*)::int FROM (SELECT record_id FROM link WHERE ended_at IS NULL
            GROUP BY record_id HAVING count(*) > 1) d) AS links,
      -- A pending review pair whose records are not (or no longer) its persons'.
      (SELECT count(*)::int FROM review_pair q JOIN record a ON a.id = q.left_record_id
        JOIN record b ON b.id = q.right_record_id
        WHERE q.status = 'pending' AND (a.person_id <> q.left_person_id OR b.person_id <> q.right_person_id)) AS pairs,
      (SELECT count(*)::int FROM record r WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = r.person_id)) AS orphans,
      (SELECT count(*)::int FROM import_batch b
        WHERE (SELECT count(*) FROM record r WHERE r.import_run_id = b.run_id
               AND r.import_line BETWEEN b.first_line AND b.last_line) <> b.rows_imported) AS partial,
      (SELECT count(*)::int FROM record r WHERE r.import_run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM import_batch b
        WHERE b.run_id = r.import_run_id AND r.import_line BETWEEN b.first_line AND b.last_line)) AS outside,
      (SELECT count(*)::int FROM event e WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = e.person_id)) AS events,
      (SELECT count(*)::int FROM import_batch b WHERE NOT EXISTS (SELECT 1 FROM audit_entry a
        WHERE a.action = 'import.batch' AND a.object_id = b.run_id::text
          AND (a.detail->>'first_line')::int = b.first_line AND (a.detail->>'last_line')::int = b.last_line
          AND (a.detail->>'imported')::int = b.rows_imported)
        OR (b.rows_imported > 0 AND NOT EXISTS (SELECT 1 FROM audit_entry a
          WHERE a.action = 'link.auto' AND a.object_id = b.run_id::text))) AS unaudited
  `.execute(db);
  const h = half.rows[0] ?? {
    orphans: 0,
    partial: 0,
    outside: 0,
    events: 0,
    emptyPersons: 0,
    links: 0,
    pairs: 0,
    unaudited: 0,
  };
  auditEntriesChecked += Number(
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM import_batch`.execute(db)).rows[0]?.n ?? 0,
  );
  unaudited += h.unaudited;
  const inconsistent = h.orphans + h.partial + h.outside + h.events + h.emptyPersons + h.links + h.pairs;
  halfWritten += inconsistent;
  if (inconsistent > 0) problems.push(`half-written: ${JSON.stringify(h)}`);
  if (lost > 0) problems.push(`${lost} acknowledged writes not found`);
  if (unaudited > 0) problems.push(`${unaudited} acknowledged writes without their audit entries`);
  // The server was killed, never closed: sign what it appended, then verify the whole log.
  await writeCheckpoint(database, auditDir);
  const v = await verifyAudit(database, auditDir);
  if (!v.ok) problems.push(`audit verify: ${v.problem}`);
  return {
    links: foundLinks,
    reviewPairRecords: foundPairs,
    lost: lost + unaudited,
    halfWritten,
    auditEntriesChecked,
    auditEntries: v.entries,
    auditOk: v.ok,
    auditProblem: v.problem,
    problems,
  };
}

/** Runs the rounds and checks after each; returns the figures (problems empty when all held). */
export async function runCrashRounds(o: CrashOptions): Promise<CrashReport> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const batchSize = o.importBatchSize ?? 8;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-crash-'));
  const auditDir = path.join(dir, 'audit');
  // PGlite: the server's data folder, and where each round's check copies it to.
  const dataDir = path.join(dir, 'data');
  const checkDir = path.join(dir, 'check');
  const importClients = o.importClients ?? 1;
  if (o.url === undefined) await prepareDataDir(dataDir);
  const setup = await openDatabase(o.url === undefined ? { dataDir } : { url: o.url });
  await migrate(setup.pool);
  const actor = await createTestActor(setup, 'registrar');
  await setup.close();
  const env = {
    DATABASE_URL: o.url ?? '',
    HOMECOMING_DATA: o.url === undefined ? dataDir : dir,
    HOMECOMING_AUDIT_DIR: auditDir,
    HOMECOMING_IMPORT_BATCH_SIZE: String(batchSize),
    LOG_LEVEL: 'error',
  };
  const acked: Acked = { records: new Map(), events: new Map(), imports: [] };
  const persons: string[] = [];
  const [minMs, maxMs] = o.killAfterMs ?? [500, 2500];
  const imports: CrashReport['imports'] = {
    files: 0,
    acknowledgedByKind: { cp1251: 0, xlsx: 0, pfif: 0, linked: 0 },
    roundsWithAcknowledged: 0,
    msToDone: { median: 0, max: 0 },
    inFlightAtKills: 0,
    roundsWithInFlight: 0,
    cut: { absent: 0, wholeBatches: 0, allRows: 0 },
    resentAndAcknowledged: 0,
    sentTwice: 0,
    sentTwiceBothAcknowledged: 0,
  };
  // Persons listed by files acknowledged so far: the linked lists name them again.
  const listedBefore: Listed[] = [];
  const listedFrom = new Set<string>();
  let person = 0;
  const newItem = async (): Promise<ImportItem> => {
    const n = imports.files++;
    const kind = IMPORT_KINDS[n % IMPORT_KINDS.length] as ImportKind;
    const tag = `${IMPORT_SOURCE}-${n}-${kind}`;
    // Small files (2–3 batches), so that most rounds see imports acknowledged and cut.
    const size = batchSize * 2 + (n % 3) * Math.ceil(batchSize / 2);
    const listed: Listed[] = [];
    for (let i = 0; i < size; i++) {
      const id = kind === 'pfif' ? `crash.example.org/${tag}.${i}` : `${tag}-${i}`;
      if (kind === 'linked' && listedBefore.length > 0) {
        const earlier = listedBefore[(n * 31 + i * 7) % listedBefore.length] as Listed;
        listed.push({ ...earlier, id });
        continue;
      }
      const p = person++;
      listed.push({
        id,
        family: `Шу${spell(p)}енко`,
        given: GIVEN[p % GIVEN.length] as string,
        patronymic: FATHER[p % FATHER.length] as string,
        birth: `19${50 + (p % 50)}-${String(1 + (p % 12)).padStart(2, '0')}-${String(1 + (p % 28)).padStart(2, '0')}`,
        service: `КР${String(p).padStart(6, '0')}`,
      });
    }
    const item: ImportItem = {
      file: await importFile(tag, kind, listed),
      jobs: [],
      done: null,
      cutIn: null,
      dones: [],
      sending: 0,
      twice: importClients > 1 && n % 3 === 1,
    };
    acked.imports.push(item);
    return item;
  };
  const queue: ImportItem[] = [];
  let last: Checked | undefined;
  try {
    for (let round = 1; round <= o.rounds; round++) {
      const server = await startServer(env, { built: o.built ?? false });
      let stopped = false;
      const ackedBefore = acked.imports.filter((i) => i.done !== null).length;
      const clients = [
        ...Array.from({ length: o.clients ?? 4 }, (_, c) =>
          client(server.base, actor.headers, String(c), round, acked, persons, () => stopped),
        ),
        ...Array.from({ length: importClients }, () =>
          importClient(server.base, actor.headers, queue, newItem, () => stopped),
        ),
      ];
      const failures: unknown[] = [];
      const running = Promise.all(clients.map((p) => p.catch((err: unknown) => failures.push(err))));
      // The kill's delay counts from the round's first acknowledged record, not from the server's start:
      // on a loaded machine its first answers took longer than the whole window, and three rounds
      // killed a server that had acknowledged nothing (a test that proved nothing, and failed).
      // Every second round it counts from the round's first acknowledged import as well: an import takes
      // 1–2 s on a loaded machine (longer than many a kill's delay), and without this most rounds killed
      // every import before its end. The other rounds' kills may land in any import, the round's first
      // (one sent again after the last kill, resuming) included.
      const recordsBefore = acked.records.size;
      const when = o.waitForImportIn ?? 'even';
      const waitForImport = when !== 'never' && round % 2 === (when === 'even' ? 0 : 1);
      const waitUntil = Date.now() + FIRST_WRITE_TIMEOUT_MS;
      while (
        (acked.records.size === recordsBefore ||
          (waitForImport && acked.imports.filter((i) => i.done !== null).length === ackedBefore)) &&
        failures.length === 0 &&
        Date.now() < waitUntil
      )
        await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, minMs + Math.random() * (maxMs - minMs)));
      const importUntil = Date.now() + FIRST_WRITE_TIMEOUT_MS;
      while (
        o.killInImport === true &&
        !acked.imports.some((i) => i.sending > 0) &&
        failures.length === 0 &&
        Date.now() < importUntil
      )
        await new Promise((r) => setTimeout(r, 5));
      const inFlight = acked.imports.filter((i) => i.sending > 0);
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
      if (failures.length > 0)
        throw new Error(
          `a client failed before the kill: ${String(failures[0])}; the server said: ${server.stderr().slice(-2000)}`,
        );
      // What the kill cut: the imports under way then, as the client saw them (one answered done in the
      // instant between is not cut).
      const cutThisRound = inFlight.filter((i) => i.done === null);
      for (const i of cutThisRound) i.cutIn = round;
      imports.inFlightAtKills += inFlight.length;
      if (inFlight.length > 0) imports.roundsWithInFlight++;
      const ackedNow = acked.imports.filter((i) => i.done !== null);
      if (ackedNow.length > ackedBefore) imports.roundsWithAcknowledged++;
      for (const i of ackedNow)
        if (i.file.kind !== 'linked' && !listedFrom.has(i.file.tag)) {
          listedFrom.add(i.file.tag);
          listedBefore.push(...i.file.listed);
        }
      // On PGlite the check reads a copy of the folder as the kill left it (opening it recovers it, and
      // closing checkpoints it): the next round's server is the one that must open the killed folder.
      if (o.url === undefined) {
        fs.rmSync(checkDir, { recursive: true, force: true });
        fs.cpSync(dataDir, checkDir, { recursive: true });
      }
      const database = await openDatabase(o.url === undefined ? { dataDir: checkDir } : { url: o.url });
      try {
        last = await check(database, acked, auditDir, batchSize, cutThisRound, imports.cut);
      } finally {
        await database.close();
      }
      log(
        `${new Date().toISOString().slice(11, 19)} round ${round}/${o.rounds}: acknowledged ${acked.records.size} records, ` +
          `${acked.events.size} events, ${ackedNow.length} imports (${ackedNow.length - ackedBefore} this round); ` +
          `${inFlight.length} imports in flight at the kill; lost ${last.lost}, half-written ${last.halfWritten}, ` +
          `audit ${last.auditOk ? 'ok' : 'FAILED'} (${last.auditEntries} entries)`,
      );
      if (last.problems.length > 0) break;
    }
    // On PGlite each round's server opened the folder the last kill left; the last kill's folder too.
    if (o.url === undefined && last !== undefined && last.problems.length === 0) {
      const again = await startServer(env, { built: o.built ?? false });
      again.child.kill('SIGKILL');
      await again.exited;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const { links, reviewPairRecords, ...done } = last ?? {
    links: 0,
    reviewPairRecords: 0,
    lost: 0,
    halfWritten: 0,
    auditEntriesChecked: 0,
    auditEntries: 0,
    auditOk: true,
    auditProblem: null,
    problems: [],
  };
  const ackedImports = acked.imports.filter((i) => i.done !== null);
  for (const i of ackedImports) imports.acknowledgedByKind[i.file.kind]++;
  imports.resentAndAcknowledged = ackedImports.filter((i) => i.cutIn !== null).length;
  imports.sentTwice = acked.imports.filter((i) => i.twice && i.jobs.length > 0).length;
  imports.sentTwiceBothAcknowledged = acked.imports.filter((i) => i.twice && i.dones.length >= 2).length;
  const ms = ackedImports.map((i) => i.done?.ms ?? 0).sort((a, b) => a - b);
  imports.msToDone = { median: ms[Math.floor(ms.length / 2)] ?? 0, max: ms[ms.length - 1] ?? 0 };
  return {
    rounds: o.rounds,
    acknowledged: {
      records: acked.records.size,
      events: acked.events.size,
      imports: ackedImports.length,
      importRows: ackedImports.reduce((a, i) => a + i.file.ids.length, 0),
      importLinks: links,
      importReviewPairRecords: reviewPairRecords,
    },
    imports,
    ...done,
    seconds: (Date.now() - started) / 1000,
  };
}

/** What a held proof says of its imports and audit entries, for the scripts' closing line. */
export function importsLine(r: CrashReport): string {
  const i = r.imports;
  const k = i.acknowledgedByKind;
  return (
    `${r.acknowledged.imports} imports acknowledged in ${i.roundsWithAcknowledged} rounds (${r.acknowledged.importRows} rows, ` +
    `${r.acknowledged.importLinks} links, ${r.acknowledged.importReviewPairRecords} in review pairs; cp1251 ${k.cp1251}, xlsx ${k.xlsx}, ` +
    `pfif ${k.pfif}, linked ${k.linked}; median ${i.msToDone.median} ms to done), ${i.inFlightAtKills} in flight at the kills ` +
    `(${i.roundsWithInFlight} rounds) leaving none of their rows ${i.cut.absent}, whole batches ${i.cut.wholeBatches}, ` +
    `every row ${i.cut.allRows}; ${i.resentAndAcknowledged} cut, sent again and completed; ` +
    (i.sentTwice > 0
      ? `${i.sentTwice} sent twice at once, both sendings acknowledged ${i.sentTwiceBothAcknowledged}; `
      : '') +
    `${r.auditEntriesChecked} acknowledged writes' audit entries found`
  );
}
