import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import iconv from 'iconv-lite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalOfUserId, REGISTRY_ORGANISATION_ID } from '../../auth/permissions.js';
import { unsafeRegistryPrincipal } from '../../gate/principal.js';
import { openTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.js';
import { mergePersons } from '../../commands/mergePersons.js';
import { importCsv } from '../imports/csvImport.js';
import { getPersonDetail } from '../persons/service.js';
import { deriveKeys } from '../tracing/codes.js';
import { createTracingRequest, linkRequest, verifyKinship } from '../tracing/service.js';
import { unsafeCountExchangeFiguresForStatistics } from '../statistics/repo.js';
import { publishReleaseNow } from '../statistics/service.js';
import { handOver } from './handover.js';
import { exportRegister, REGISTER_EXPORT_COLUMNS } from './registerExport.js';
import { exchangeFigures, exchangePlanning, generateCategoryList } from './planning.js';
import {
  addListVersion,
  createExchange,
  exportList,
  importEnemyPows,
  listBoard,
  listEnemyPows,
  reconcileExchange,
  verifyEntry,
  versionDiff,
} from './service.js';

// Generated people only.
const CLI = unsafeRegistryPrincipal();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-exchanges-'));
const write = (name: string, lines: string[], encoding: 'utf8' | 'cp1251' = 'utf8'): string => {
  const file = path.join(dir, name);
  const text = lines.join('\r\n') + '\r\n';
  fs.writeFileSync(file, encoding === 'utf8' ? text : iconv.encode(text, 'win1251'));
  return file;
};

const REGISTRY = write('registry.csv', [
  'external_id,category,family_name,given_name,patronymic,sex,birth_date,status',
  'r1,military,Коваленко,Андрій,Іванович,male,1988-02-11,captivity_confirmed',
  'r2,military,Мельник,Олег,Петрович,male,1975-07-30,captivity_reported',
  'r3,military,Бондаренко,Сергій,Миколайович,male,1990-01-05,captivity_confirmed',
  'r4,military,Шевченко,Олександр,Васильович,male,1985-05-05,captivity_confirmed',
  'r5,civilian_detainee,Ткаченко,Микола,Іванович,male,1979-03-03,captivity_reported',
]);
// Our side's list as our office writes it: Ukrainian headers, Windows-1251, semicolons.
const OURS_V1 = write(
  'ours-v1.csv',
  [
    'Ідентифікатор;Прізвище;Ім’я;По батькові;Дата народження;categories',
    'e1;Коваленко;Андрій;Іванович;11.02.1988;seriously_wounded_sick',
    'e2;Мельник;Олег;Петрович;30.07.1975;',
    'e3;Бондаренко;Сергій;Миколайович;05.01.1990;officer',
    'e5;Ткаченко;Микола;Іванович;03.03.1979;civilian',
  ],
  'cp1251',
);
const OURS_V2 = write('ours-v2.csv', [
  'external_id,family_name,given_name,patronymic,birth_date,categories',
  'e1,Коваленко,Андрій,Іванович,1988-02-11,seriously_wounded_sick',
  'e2,Мельник,Олег,Петрович,1975-07-30,',
  'e3,Бондаренко,Сергій,Миколайович,1990-01-05,officer',
  'e5,Ткаченко,Микола,Іванович,1979-03-03,civilian;officer',
  'e6,Гончаренко,Петро,Іванович,1995-06-06,',
]);
// Who crossed, as the other side and the mediator write it: Russian forms and Latin.
const CROSSED = write('crossed.csv', [
  'Идентификатор,Фамилия,Имя,Отчество,Дата рождения',
  'c1,Коваленко,Андрей,Иванович,11.02.1988',
  'c2,MELNYK,Oleh,Petrovych,30.07.1975',
  'c3,Бондаренко,Сергей,Николаевич,05.01.1990',
  'c4,Шевченко,Александр,Васильевич,05.05.1985',
  'c5,Зорянський,Ілля,Богданович,12.12.2001',
  'c6,Гончаренко,Петр,Иванович,06.06.1995',
]);

/** Waits (up to 20 s) until `n` sessions of this database, not `client`'s, wait for a lock. */
async function waitForLockWaits(client: pg.Client, n: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const r = await client.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
         AND wait_event_type = 'Lock'`,
    );
    if ((r.rowCount ?? 0) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seen = await client.query(
    `SELECT state, wait_event_type, wait_event, left(query, 120) AS q FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  throw new Error(`${n} sessions did not come to wait for a lock: ${JSON.stringify(seen.rows)}`);
}

describe.each(DATABASE_KINDS)('exchanges on %s', (kind) => {
  let t: TestDatabase;
  let exchangeId: string;
  const person: Record<string, string> = {};
  let requestId: string;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await importCsv(t.database, { file: REGISTRY, actor: 'test', defaultSource: 'unit lists' });
    const rows = await sql<{ external_id: string; person_id: string }>`
      SELECT external_id, person_id FROM record`.execute(t.database.db);
    for (const r of rows.rows) person[r.external_id] = r.person_id;
    const request = await createTracingRequest(
      t.database,
      { keys: deriveKeys(crypto.randomBytes(32)), perEmailPerDay: 5, publicUrl: 'http://localhost:3000' },
      {
        requester: { name: 'Генерована Мати', email: 'mother@example.org', relationship: 'parent' },
        sought: { family_name: 'Коваленко', given_name: 'Андрій', birth_date: '11.02.1988' },
        consent: { tracing: true },
      },
    );
    requestId = request.id;
    await verifyKinship(t.database, CLI, requestId);
    await linkRequest(t.database, CLI, requestId, person['r1'] as string);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('creates an exchange and links list version 1 of our side (cp1251, Ukrainian headers) to the registry', async () => {
    const x = await createExchange(t.database, CLI, { name: 'Exchange 1', held_on: '2025-05-23' });
    exchangeId = x.id;
    const r = await addListVersion(t.database, CLI, exchangeId, 'ours', OURS_V1);
    expect(r.version).toBe(1);
    expect(r.lines.map((l) => [l.external_id, l.decision, l.person_id])).toEqual([
      ['e1', 'match', person['r1']],
      ['e2', 'match', person['r2']],
      ['e3', 'match', person['r3']],
      ['e5', 'match', person['r5']],
    ]);
    expect(Object.keys(r.lines[0] ?? {})).toEqual(['external_id', 'decision', 'person_id', 'score']);
  });

  it('keeps versions immutable and shows the diff of version 2 with version 1', async () => {
    const r = await addListVersion(t.database, CLI, exchangeId, 'ours', OURS_V2);
    expect(r.version).toBe(2);
    expect(r.lines.find((l) => l.external_id === 'e6')).toMatchObject({ decision: 'none', person_id: null });
    const diff = await versionDiff(t.database, CLI, exchangeId, 'ours', 2);
    expect(diff).toMatchObject({
      previous: 1,
      added: ['e6'],
      removed: [],
      changed: [{ external_id: 'e5', fields: ['categories'] }],
    });
    await expect(
      sql`UPDATE exchange_list_entry SET family_name = 'X'`.execute(t.database.db),
    ).rejects.toThrow(/immutable/);
    await expect(sql`DELETE FROM exchange_list_version`.execute(t.database.db)).rejects.toThrow(/immutable/);
  });

  it('refuses a list with an unknown column or duplicate rows, naming them, and writes no version', async () => {
    const unknown = write('unknown.csv', [
      'external_id,family_name,given_name,shoe_size',
      'u1,Коваль,Іван,44',
    ]);
    await expect(addListVersion(t.database, CLI, exchangeId, 'ours', unknown)).rejects.toThrow(
      /unknown column "shoe_size".*nothing was written/,
    );
    const dup = write('dup.csv', [
      'external_id,family_name,given_name,birth_date',
      'd1,Коваль,Іван,1990-01-01',
      'd2,Петренко,Павло,1991-01-01',
      'd1,Коваль,Іван,1990-01-01',
      'd3,Коваль,Іван,1990-01-01',
    ]);
    await expect(addListVersion(t.database, CLI, exchangeId, 'ours', dup)).rejects.toThrow(
      /line 4: duplicate row: external_id "d1" is also on line 2.*line 5: duplicate row: the same names and birth date as line 2/,
    );
    const versions = await sql<{ n: number }>`SELECT count(*)::int AS n FROM exchange_list_version`.execute(
      t.database.db,
    );
    expect(versions.rows[0]?.n).toBe(2);
    // The same refusals for a file of who crossed: nothing reconciled, no event.
    await expect(reconcileExchange(t.database, CLI, exchangeId, unknown)).rejects.toThrow(
      /unknown column "shoe_size".*nothing was written/,
    );
    await expect(reconcileExchange(t.database, CLI, exchangeId, dup)).rejects.toThrow(
      /line 4: duplicate row: external_id "d1" is also on line 2/,
    );
    const done = await sql<{ n: number }>`SELECT count(*)::int AS n FROM exchange_reconciliation`.execute(
      t.database.db,
    );
    expect(done.rows[0]?.n).toBe(0);
  });

  it('moves entries on the verification board only along the state machine, with who and why', async () => {
    await expect(verifyEntry(t.database, CLI, exchangeId, 'ours', 'e1', { state: 'agreed' })).rejects.toThrow(
      /e1" is proposed; it may move to identity_verified, not_crossed, not agreed/,
    );
    await expect(
      verifyEntry(t.database, CLI, exchangeId, 'ours', 'e1', { state: 'identity_verified' }),
    ).rejects.toThrow(/evidence/);
    const v = await verifyEntry(t.database, CLI, exchangeId, 'ours', 'e1', {
      state: 'identity_verified',
      evidence: 'ICRC notification and photo',
    });
    expect(v).toMatchObject({ state: 'identity_verified', decided_by: 'cli', person_id: person['r1'] });
    await verifyEntry(t.database, CLI, exchangeId, 'ours', 'e1', { state: 'agreed' });
    await expect(
      verifyEntry(t.database, CLI, exchangeId, 'ours', 'e2', { state: 'not_crossed' }),
    ).rejects.toThrow(/reason/);
    const board = await listBoard(t.database, CLI, exchangeId, 'ours');
    expect(board.version).toBe(2);
    expect(board.entries.map((e) => [e.external_id, e.state])).toEqual([
      ['e1', 'agreed'],
      ['e2', 'proposed'],
      ['e3', 'proposed'],
      ['e5', 'proposed'],
      ['e6', 'proposed'],
    ]);
  });

  it('reconciles who crossed (Russian and Latin renderings): outcomes, events, status, the family told', async () => {
    const mailsBefore = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM outbox WHERE request_id = ${requestId}`.execute(t.database.db);
    const r = await reconcileExchange(t.database, CLI, exchangeId, CROSSED);
    expect(r.repeated).toBe(false);
    const out = r.lines.map((l) => [l.external_id ?? null, l.outcome, l.entry_external_id]);
    expect(out).toEqual([
      ['c1', 'returned', 'e1'],
      ['c2', 'returned', 'e2'],
      ['c3', 'returned', 'e3'],
      ['c4', 'returned_unlisted', null],
      ['c5', 'returned_unknown', null],
      ['c6', 'returned', 'e6'],
      [null, 'not_returned', 'e5'],
    ]);
    expect(r.lines[0]).toEqual({
      external_id: 'c1',
      outcome: 'returned',
      person_id: person['r1'],
      entry_external_id: 'e1',
    });
    expect(r.lines[3]?.person_id).toBe(person['r4']);
    expect(r.lines[6]).toEqual({ entry_external_id: 'e5', outcome: 'not_returned', person_id: person['r5'] });
    // The unknown man and the unlinked entry became new persons; every returned person is returned.
    for (const l of r.lines.slice(0, 6)) {
      const p = await getPersonDetail(t.database, CLI, l.person_id as string);
      expect(p.status).toBe('returned');
      expect(p.events.filter((e) => e.type === 'returned_in_exchange')).toHaveLength(1);
    }
    expect((await getPersonDetail(t.database, CLI, person['r5'] as string)).status).toBe(
      'captivity_reported',
    );
    const mailsAfter = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM outbox WHERE request_id = ${requestId}`.execute(t.database.db);
    expect(mailsAfter.rows[0]?.n).toBe((mailsBefore.rows[0]?.n ?? 0) + 1);
    const board = await listBoard(t.database, CLI, exchangeId, 'ours');
    expect(board.entries.find((e) => e.external_id === 'e5')).toMatchObject({
      state: 'not_crossed',
      reason: 'absent',
    });
    expect(board.entries.find((e) => e.external_id === 'e1')).toMatchObject({ state: 'crossed' });
  });

  it('generates the figures, the planning and the export for the mediators', async () => {
    const f = await exchangeFigures(t.database, CLI, exchangeId);
    expect(f).toMatchObject({
      outcomes: { returned: 4, returned_unlisted: 1, returned_unknown: 1, not_returned: 1 },
      returned_total: 6,
      military: 4,
      officers: 1,
      by_entry_category: { seriously_wounded_sick: 1, officer: 1 },
      youngest_age: 23,
      oldest_age: 49,
    });
    const plan = await exchangePlanning(t.database, CLI, exchangeId);
    // Only Ткаченко (absent) is still held, and he is on the list: no gap.
    expect(plan.pools.ours).toEqual({ civilian_detainee: 1 });
    expect(plan.gaps).toEqual([]);
    expect(plan.order[0]).toMatchObject({ rank: 1, external_id: 'e1', seriously_wounded_sick: true });
    const csv = await exportList(t.database, CLI, exchangeId, 'ours', 'csv');
    const text = csv.body as string;
    expect(text.startsWith('\uFEFFexternal_id,family_name,given_name,patronymic,family_name_latin')).toBe(
      true,
    );
    expect(text).toContain('e1,Коваленко,Андрій,Іванович,Kovalenko,Andrii,Ivanovych,1988-02-11');
    const xlsx = await exportList(t.database, CLI, exchangeId, 'ours', 'xlsx');
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('hands its figures to a statistics release when the publisher includes them', async () => {
    const counts = await unsafeCountExchangeFiguresForStatistics(t.database.db);
    const mine = counts.groups.filter((g) => g.exchange === '2025-05-23 Exchange 1');
    const sum = (f: (g: (typeof mine)[number]) => boolean) => mine.filter(f).reduce((n, g) => n + g.count, 0);
    expect(sum(() => true)).toBe(6);
    expect(sum((g) => g.service === 'officer')).toBe(1);
    expect(sum((g) => g.service === 'officer' || g.service === 'military_other')).toBe(4);
    expect(counts.eventDays).toContainEqual({ exchange: '2025-05-23 Exchange 1', day: '2025-05-23' });
    const release = await publishReleaseNow(t.database, { threshold: 1, exchange_figures: true });
    const table = release.tables?.find((x) => x.id === 'exchange_returned_by_category');
    expect(
      table?.rows.find((r) => r.exchange === '2025-05-23 Exchange 1' && r.category === 'total'),
    ).toMatchObject({ count: 6, suppressed: false });
    const plain = await publishReleaseNow(t.database, { threshold: 10 });
    expect(plain.tables?.some((x) => x.id.startsWith('exchange_'))).toBe(false);
  });

  it('answers the same and changes nothing when reconciled again; refuses another file', async () => {
    const events = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM event`.execute(t.database.db)).rows[0]?.n;
    const before = await events();
    const again = await reconcileExchange(t.database, CLI, exchangeId, CROSSED);
    expect(again.repeated).toBe(true);
    expect(again.lines.map((l) => l.outcome)).toEqual([
      'returned',
      'returned',
      'returned',
      'returned_unlisted',
      'returned_unknown',
      'returned',
      'not_returned',
    ]);
    const other = write('crossed-other.csv', ['external_id,family_name,given_name', 'z1,Коваленко,Андрій']);
    await expect(reconcileExchange(t.database, CLI, exchangeId, other)).rejects.toThrow(
      /already reconciled .* with another file \(crossed.csv\); a second reconciliation is refused/,
    );
    expect(await events()).toBe(before);
  });

  it('flags a person already returned in an earlier exchange and writes no second event', async () => {
    const x2 = await createExchange(t.database, CLI, { name: 'Exchange 2' });
    const listed = await addListVersion(
      t.database,
      CLI,
      x2.id,
      'ours',
      write('x2.csv', [
        'external_id,family_name,given_name,patronymic,birth_date',
        'k1,Коваленко,Андрій,Іванович,1988-02-11',
      ]),
    );
    expect(listed.lines[0]).toMatchObject({ person_id: person['r1'], already_returned_in: exchangeId });
    const r = await reconcileExchange(
      t.database,
      CLI,
      x2.id,
      write('x2-crossed.csv', [
        'external_id,family_name,given_name,birth_date',
        'q1,Коваленко,Андрей,1988-02-11',
      ]),
    );
    expect(r.lines[0]).toMatchObject({
      outcome: 'returned',
      person_id: person['r1'],
      entry_external_id: 'k1',
    });
    expect(r.lines[0]?.problem).toMatch(/already returned in exchange "Exchange 1"/);
    const p = await getPersonDetail(t.database, CLI, person['r1'] as string);
    expect(p.events.filter((e) => e.type === 'returned_in_exchange')).toHaveLength(1);
  });

  it('links their side to the register of enemy prisoners held', async () => {
    const reg = write('register.csv', [
      'external_id,family_name,given_name,patronymic,birth_date,military_rank,power_depended_on,captured_on',
      'p1,Смирнов,Алексей,Петрович,1995-04-04,рядовой,Russian Federation,2025-01-10',
      'p2,Кузнецов,Дмитрий,Игоревич,1999-09-19,сержант,Russian Federation,2025-02-11',
    ]);
    expect(await importEnemyPows(t.database, CLI, reg)).toEqual({ rows: 2, added: 2, unchanged: 0 });
    expect(await importEnemyPows(t.database, CLI, reg)).toEqual({ rows: 2, added: 0, unchanged: 2 });
    // A day written as a range of two years is refused with the reason and where (pd2), nothing written.
    const ranged = write('register-range.csv', [
      'external_id,family_name,given_name,birth_date,captured_on',
      'p3,Петров,Олег,1990,2024/25',
    ]);
    await expect(importEnemyPows(t.database, CLI, ranged)).rejects.toThrow(
      /line 2: captured_on: "2024\/25" is a range of two years \(2024 or 2025\)/,
    );
    const theirs = write('theirs.csv', [
      'external_id,family_name,given_name,patronymic,birth_date',
      't1,SMIRNOV,Aleksei,Petrovich,04.04.1995',
      't2,Кузнецов,Дмитрий,Игоревич,19.09.1999',
      't3,Иванов,Иван,Иванович,01.01.1980',
    ]);
    const r = await addListVersion(t.database, CLI, exchangeId, 'theirs', theirs);
    expect(r.lines.map((l) => [l.external_id, l.decision])).toEqual([
      ['t1', 'match'],
      ['t2', 'match'],
      ['t3', 'none'],
    ]);
  });

  it('hands over their side: the register of enemy prisoners says who left, in which exchange', async () => {
    const pow = async (externalId: string) =>
      (await listEnemyPows(t.database, CLI)).find((p) => p.external_id === externalId);
    // Another exchange lists p1 too, while still held.
    const x3 = await createExchange(t.database, CLI, { name: 'Exchange 3' });
    await addListVersion(
      t.database,
      CLI,
      x3.id,
      'theirs',
      write('x3-theirs.csv', [
        'external_id,family_name,given_name,patronymic,birth_date',
        's1,Смирнов,Алексей,Петрович,1995-04-04',
      ]),
    );
    await verifyEntry(t.database, CLI, x3.id, 'theirs', 's1', {
      state: 'identity_verified',
      evidence: 'photo',
    });
    await verifyEntry(t.database, CLI, x3.id, 'theirs', 's1', { state: 'agreed' });
    // One by one on the board: t1 (p1) crossed.
    for (const state of ['identity_verified', 'agreed', 'crossed'] as const)
      await verifyEntry(t.database, CLI, exchangeId, 'theirs', 't1', {
        state,
        evidence: state === 'identity_verified' ? 'ICRC capture card' : undefined,
      });
    expect(await pow('p1')).toMatchObject({ state: 'handed_over', left_exchange_id: exchangeId });
    // The other side's list of who crossed: t2 (p2) by a Latin rendering; a row on no entry changes nothing.
    const crossedTheirs = write('crossed-theirs.csv', [
      'external_id,family_name,given_name,patronymic,birth_date',
      'h1,KUZNETSOV,Dmitrii,Igorevich,19.09.1999',
      'h2,Петров,Пётр,Петрович,01.01.1970',
    ]);
    const r = await handOver(t.database, CLI, exchangeId, crossedTheirs);
    expect(r.handed_over).toBe(1);
    expect(r.lines).toEqual([
      { external_id: 'h1', outcome: 'handed_over', pow_id: (await pow('p2'))?.id, entry_external_id: 't2' },
      {
        external_id: 'h2',
        outcome: 'not_on_list',
        pow_id: null,
        entry_external_id: null,
        problem: 'no entry of their list (version 1) is this row; nothing was changed',
      },
      { outcome: 'handed_over', pow_id: (await pow('p1'))?.id, entry_external_id: 't1' },
      { outcome: 'not_handed_over', pow_id: null, entry_external_id: 't3' },
    ]);
    expect(await pow('p2')).toMatchObject({ state: 'handed_over', left_exchange_id: exchangeId });
    const board = await listBoard(t.database, CLI, exchangeId, 'theirs');
    expect(board.entries.map((e) => [e.external_id, e.state])).toEqual([
      ['t1', 'crossed'],
      ['t2', 'crossed'],
      ['t3', 'proposed'],
    ]);
    const movements = async () =>
      (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM enemy_pow_movement WHERE kind = 'handed_over'`.execute(
          t.database.db,
        )
      ).rows[0]?.n;
    expect(await movements()).toBe(2);
    // Again: nothing changes.
    expect((await handOver(t.database, CLI, exchangeId, crossedTheirs)).handed_over).toBe(0);
    expect(await movements()).toBe(2);
    // A prisoner already handed over cannot be handed over again in another exchange (listed before).
    const again = await handOver(t.database, CLI, x3.id, null);
    expect(again.handed_over).toBe(0);
    expect(again.lines[0]?.problem).toMatch(/already handed_over in exchange "Exchange 1"/);
    await expect(verifyEntry(t.database, CLI, x3.id, 'theirs', 's1', { state: 'crossed' })).rejects.toThrow(
      /already handed_over in exchange "Exchange 1"/,
    );
    expect(await pow('p1')).toMatchObject({ left_exchange_id: exchangeId });
    // An entry the board says did not cross is not handed over on a file's word.
    await verifyEntry(t.database, CLI, x3.id, 'theirs', 's1', { state: 'not_crossed', reason: 'refused' });
    const onFile = await handOver(
      t.database,
      CLI,
      x3.id,
      write('x3-crossed.csv', [
        'external_id,family_name,given_name,birth_date',
        'k1,Смирнов,Алексей,1995-04-04',
      ]),
    );
    expect(onFile.lines[0]).toMatchObject({ outcome: 'handed_over', entry_external_id: 's1' });
    expect(onFile.lines[0]?.problem).toMatch(/board says this entry did not cross \(refused\)/);
    // A list made now links only to prisoners still held.
    const x4 = await createExchange(t.database, CLI, { name: 'Exchange 4' });
    const later = await addListVersion(
      t.database,
      CLI,
      x4.id,
      'theirs',
      write('x4-theirs.csv', [
        'external_id,family_name,given_name,patronymic,birth_date',
        's1,Смирнов,Алексей,Петрович,1995-04-04',
      ]),
    );
    expect(later.lines[0]).toMatchObject({ decision: 'none', person_id: null });
  });

  it('exports the register for the ICRC: the Art. 122(4) fields, names in Latin (ICAO), audited', async () => {
    const csv = (await exportRegister(t.database, CLI, 'csv')).body as string;
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe(REGISTER_EXPORT_COLUMNS.join(','));
    const p1 = rows.find((r) => r.startsWith('p1,')) ?? '';
    expect(p1).toMatch(/^p1,Смирнов,Алексей,Петрович,Smirnov,Aleksei,Petrovich,/);
    expect(p1).toContain('Russian Federation');
    expect(p1).toContain(`handed_over,${exchangeId},`);
    const xlsx = await exportRegister(t.database, CLI, 'xlsx');
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_entry
      WHERE action = 'enemy_pow.export'`.execute(t.database.db);
    expect(audited.rows[0]?.n).toBe(2);
    await expect(
      exportRegister(t.database, principalOfUserId('analyst-1', 'analyst', REGISTRY_ORGANISATION_ID), 'csv'),
    ).rejects.toThrow(/not permitted/);
  });

  it('generates the complete list of a category for an all-for-all exchange, as a version of ours', async () => {
    const x = await createExchange(t.database, CLI, {
      name: 'All for all: civilians',
      formula: 'all_for_all',
      formula_categories: ['civilian'],
    });
    const r = await generateCategoryList(t.database, CLI, x.id);
    expect(r).toMatchObject({ version: 1, rows: 1 });
    const board = await listBoard(t.database, CLI, x.id, 'ours');
    expect(board.entries).toMatchObject([
      { external_id: person['r5'], person_id: person['r5'], categories: ['civilian'], state: 'proposed' },
    ]);
    const wounded = await createExchange(t.database, CLI, {
      name: 'All for all: wounded',
      formula: 'all_for_all',
      formula_categories: ['seriously_wounded_sick'],
    });
    await expect(generateCategoryList(t.database, CLI, wounded.id)).rejects.toThrow(
      /cannot tell seriously_wounded_sick .* medical commission/,
    );
    await expect(generateCategoryList(t.database, CLI, exchangeId)).rejects.toThrow(/formula is n_for_n/);
  });

  it('returns the person a listed person was merged into: the event, the status and the report name the survivor', async () => {
    // Two persons, the older first; the list names the newer, who is then found to be the older's
    // duplicate and merged into them while the list waits for the exchange.
    await importCsv(t.database, {
      file: write('m-old.csv', [
        'external_id,category,family_name,given_name,patronymic,sex,birth_date,status',
        'm1,military,Гнатюк,Роман,Степанович,male,1970-10-10,captivity_confirmed',
      ]),
      actor: 'test',
      defaultSource: 'merge test A',
    });
    await importCsv(t.database, {
      file: write('m-new.csv', [
        'external_id,category,family_name,given_name,patronymic,sex,birth_date,status',
        'm2,military,Литвиненко,Павло,Андрійович,male,1982-04-04,captivity_confirmed',
      ]),
      actor: 'test',
      defaultSource: 'merge test B',
    });
    const ids = await sql<{ external_id: string; person_id: string }>`
      SELECT external_id, person_id FROM record WHERE external_id IN ('m1', 'm2')`.execute(t.database.db);
    const older = ids.rows.find((r) => r.external_id === 'm1')?.person_id as string;
    const newer = ids.rows.find((r) => r.external_id === 'm2')?.person_id as string;
    const x = await createExchange(t.database, CLI, { name: 'Exchange M' });
    const listed = await addListVersion(
      t.database,
      CLI,
      x.id,
      'ours',
      write('m-list.csv', [
        'external_id,family_name,given_name,patronymic,birth_date',
        'l1,Литвиненко,Павло,Андрійович,1982-04-04',
      ]),
    );
    expect(listed.lines[0]).toMatchObject({ decision: 'match', person_id: newer });
    const merged = await t.database.db.transaction().execute((trx) =>
      mergePersons(trx, older, newer, {
        actor: CLI.id,
        principal: CLI,
        kind: 'human',
        score: null,
        modelVersion: null,
        reason: 'one man under two names',
      }),
    );
    expect(merged).toMatchObject({ survivor: older, absorbed: newer });
    const r = await reconcileExchange(
      t.database,
      CLI,
      x.id,
      write('m-crossed.csv', [
        'external_id,family_name,given_name,birth_date',
        'z1,Литвиненко,Павел,1982-04-04',
      ]),
    );
    expect(r.lines).toEqual([
      { external_id: 'z1', outcome: 'returned', person_id: older, entry_external_id: 'l1' },
    ]);
    const p = await getPersonDetail(t.database, CLI, older);
    expect(p.events.filter((e) => e.type === 'returned_in_exchange')).toHaveLength(1);
    expect(p.status).toBe('returned');
  });

  it('says when our list names one person twice, and why the second entry did not cross', async () => {
    await importCsv(t.database, {
      file: write('d-reg.csv', [
        'external_id,category,family_name,given_name,patronymic,sex,birth_date,status',
        'd1,military,Ткачук,Олег,Васильович,male,1979-07-07,captivity_confirmed',
      ]),
      actor: 'test',
      defaultSource: 'twice test',
    });
    const ids = await sql<{
      person_id: string;
    }>`SELECT person_id FROM record WHERE external_id = 'd1'`.execute(t.database.db);
    const man = ids.rows[0]?.person_id as string;
    const x = await createExchange(t.database, CLI, { name: 'Exchange D' });
    const listed = await addListVersion(
      t.database,
      CLI,
      x.id,
      'ours',
      write('d-list.csv', [
        'external_id,family_name,given_name,patronymic,birth_date',
        'k1,Ткачук,Олег,Васильович,1979-07-07',
        'k2,TKACHUK,Oleh,Vasylovych,1979-07-07',
      ]),
    );
    expect(listed.lines.map((l) => [l.external_id, l.person_id, l.same_person_as])).toEqual([
      ['k1', man, ['k2']],
      ['k2', man, ['k1']],
    ]);
    const r = await reconcileExchange(
      t.database,
      CLI,
      x.id,
      write('d-crossed.csv', ['external_id,family_name,given_name,birth_date', 'y1,Ткачук,Олег,1979-07-07']),
    );
    const crossed = r.lines.find((l) => l.external_id === 'y1');
    expect(crossed).toMatchObject({ outcome: 'returned', person_id: man });
    const other = crossed?.entry_external_id === 'k1' ? 'k2' : 'k1';
    const left = r.lines.find((l) => l.outcome === 'not_returned' && l.entry_external_id === other);
    expect(left?.person_id).toBe(man);
    expect(left?.problem).toMatch(/names this person twice/u);
  });

  it('refuses a reconciliation whose list got a new version while the file was matched; nothing written', async () => {
    // Two coordinators: one adds version 2 of our list while the other's file of who crossed is being
    // matched against version 1 (the reconciliation waits on the exchange's row, held here meanwhile).
    if (kind !== 'postgres' || t.url === undefined) return;
    const x = await createExchange(t.database, CLI, { name: 'Exchange R' });
    const v1 = write('r-v1.csv', [
      'external_id,family_name,given_name,patronymic,birth_date',
      'v1,Гнатюк,Роман,Степанович,1970-10-10',
    ]);
    await addListVersion(t.database, CLI, x.id, 'ours', v1);
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT id FROM exchange WHERE id = $1 FOR UPDATE', [x.id]);
      const reconciling = reconcileExchange(
        t.database,
        CLI,
        x.id,
        write('r-crossed.csv', [
          'external_id,family_name,given_name,birth_date',
          'y1,Гнатюк,Роман,1970-10-10',
        ]),
      ).then(
        (r) => r,
        (err: Error) => err,
      );
      await waitForLockWaits(other, 1);
      // What addListVersion commits under the same lock: version 2 (its entries do not matter here).
      await other.query(
        `INSERT INTO exchange_list_version (id, exchange_id, side, version, file_sha256, file_name, rows, created_by)
         VALUES ($1, $2, 'ours', 2, 'x', 'r-v2.csv', 0, 'test')`,
        [crypto.randomUUID(), x.id],
      );
      await other.query('COMMIT');
      const r = await reconciling;
      expect(r).toBeInstanceOf(Error);
      expect((r as Error).message).toMatch(/version 2 of our list was added/);
      const stored = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM exchange_reconciliation WHERE exchange_id = ${x.id}`.execute(
        t.database.db,
      );
      expect(stored.rows[0]?.n).toBe(0);
    } finally {
      await other.end();
    }
  });
});

// Generated people only. Two namesakes a father's name apart and a third, withheld from the coordinators'
// view; an entry of our list that gives the names and a birth year only could be any of the three.
describe.each(DATABASE_KINDS)(
  'a possible entry of our list shows the persons close behind its best, on %s',
  (kind) => {
    let t: TestDatabase;
    const person: Record<string, string> = {};
    const coordinator = principalOfUserId('coordinator-1', 'exchange_coordinator', REGISTRY_ORGANISATION_ID);

    beforeAll(async () => {
      t = await openTestDatabase(kind);
      const registry = write(`namesakes-${kind}.csv`, [
        'external_id,category,family_name,given_name,patronymic,sex,birth_date,status',
        'n1,military,Кравчишин,Остап,Петрович,male,1991-04-02,captivity_reported',
        'n2,military,Кравчишин,Остап,Миколайович,male,1991-09-17,captivity_reported',
        'n3,military,Кравчишин,Остап,Богданович,male,1991-11-23,captivity_reported',
        'n4,military,Левчук,Назар,Іванович,male,1983-12-01,captivity_confirmed',
      ]);
      await importCsv(t.database, { file: registry, actor: 'test', defaultSource: 'unit lists' });
      const rows = await sql<{ external_id: string; person_id: string }>`
      SELECT external_id, person_id FROM record`.execute(t.database.db);
      for (const r of rows.rows) person[r.external_id] = r.person_id;
      await sql`UPDATE person SET withheld = true WHERE id = ${person['n3']}::uuid`.execute(t.database.db);
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('returns and keeps on the board the namesakes in scope beside the best, never a withheld one', async () => {
      const x = await createExchange(t.database, coordinator, { name: 'Exchange of namesakes' });
      const list = write(`namesakes-list-${kind}.csv`, [
        'external_id,family_name,given_name,patronymic,birth_date',
        'k1,Кравчишин,Остап,,1991',
        'k2,Левчук,Назар,Іванович,1983-12-01',
      ]);
      const r = await addListVersion(t.database, coordinator, x.id, 'ours', list);
      const [k1, k2] = r.lines;
      expect(k1?.decision).toBe('possible');
      expect(Object.keys(k1 ?? {})).toEqual([
        'external_id',
        'decision',
        'person_id',
        'score',
        'alternatives',
      ]);
      const shown = [k1?.person_id, ...(k1?.alternatives ?? []).map((a) => a.person_id)];
      expect(shown.sort()).toEqual([person['n1'], person['n2']].sort());
      expect(k1?.alternatives?.[0]?.score).toBe(k1?.score);
      expect(k2).toMatchObject({ decision: 'match', person_id: person['n4'] });
      expect(k2).not.toHaveProperty('alternatives');

      const board = await listBoard(t.database, coordinator, x.id, 'ours');
      const [b1, b2] = board.entries;
      expect(b1?.alternatives).toEqual(k1?.alternatives);
      expect(b2).not.toHaveProperty('alternatives');

      // The coordinator decides the entry is the man shown beside the best.
      const other = k1?.alternatives?.[0]?.person_id as string;
      const moved = await verifyEntry(t.database, coordinator, x.id, 'ours', 'k1', {
        state: 'identity_verified',
        evidence: 'ICRC notification',
        person_id: other,
      });
      expect(moved.state).toBe('identity_verified');
      const step = await sql<{ person_id: string }>`SELECT person_id FROM exchange_verification_step
      WHERE exchange_id = ${x.id}::uuid AND external_id = 'k1' ORDER BY id DESC LIMIT 1`.execute(
        t.database.db,
      );
      expect(step.rows[0]?.person_id).toBe(other);

      // The command line sees withheld persons: the third namesake is shown to it.
      const cli = await createExchange(t.database, CLI, { name: 'Exchange of namesakes, registry-wide' });
      const all = await addListVersion(t.database, CLI, cli.id, 'ours', list);
      const everyone = [
        all.lines[0]?.person_id,
        ...(all.lines[0]?.alternatives ?? []).map((a) => a.person_id),
      ];
      expect(everyone.sort()).toEqual([person['n1'], person['n2'], person['n3']].sort());
    });
  },
);
