import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from './csvImport.js';

const HEADER =
  'external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status,unit,service_number';
const TODAY = new Date('2026-11-26T12:00:00Z');

function tempFile(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-import-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

function readRejects(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}

describe.each(DATABASE_KINDS)('CSV import on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const count = async (table: 'record' | 'person' | 'link' | 'event', where = sql`true`) =>
    Number(
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(
          t.database.db,
        )
      ).rows[0]?.n,
    );

  /** A run of batches of 10 that dies after its second batch commits (batches in flight then may still finish). */
  const killAfterSecondBatch = async (file: string): Promise<void> => {
    let batches = 0;
    await expect(
      importCsv(t.database, {
        file,
        actor: 'test',
        batchSize: 10,
        today: TODAY,
        onProgress: () => {
          if (++batches === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
  };

  it('imports good rows, rejects each kind of bad row with line, column and reason, and says how many', async () => {
    const lines = [
      HEADER,
      'a1,list-a,military,Шевченко,Олександр,Петрович,male,1990-05-17,captivity_reported,в/ч А1234,АА123456',
      'a2,list-a,civilian_detainee,Коваленко,Марія,,female,1975-03,missing,,',
      'a3,list-a,pow,"Ivanov, Jr",Ivan,,m,1988,,,',
      'a4,list-a,alien,Бойко,Петро,,male,1990,,,',
      'a5,list-a,military,Бойко,Петро,,x,1990,,,',
      'a6,list-a,military,Бойко,Петро,,male,1990-02-30,,,',
      'a7,list-a,military,Бойко,Петро,,male,2031-01-01,,,',
      'a8,list-a,military,,,,male,1990,,,',
      'a9,list-a,military,Бойко,Петро,,male',
      'a1,list-a,military,Шевченко,Олександр,,male,1990,,,',
      'a10,list-a,military,Бойко,Петро,,male,1990,teleported,,',
      'a11,,military,Мороз,Андрій,,male,1990,,,',
    ];
    const bad = Buffer.from('a12,list-a,military,Мельник,');
    const file = tempFile(
      'mixed.csv',
      Buffer.concat([
        Buffer.from(lines.join('\n') + '\n'),
        bad,
        Buffer.from([0xc3, 0x28]),
        Buffer.from(',,,,,,\n'),
      ]),
    );
    const summary = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(summary).toMatchObject({ rows: 13, imported: 3, unchanged: 0, rejected: 10, fatal: null });
    const rejects = readRejects(summary.rejectsPath as string);
    const byId = Object.fromEntries(rejects.map((r) => [`${r[0]}:${r[2]}`, r[3]]));
    expect(Object.keys(byId).sort()).toEqual(
      [
        '5:category',
        '6:sex',
        '7:birth_date',
        '8:birth_date',
        '9:family_name',
        '10:',
        '11:external_id',
        '12:status',
        '13:source',
        '14:given_name',
      ].sort(),
    );
    expect(byId['7:birth_date']).toMatch(/not a calendar date/);
    expect(byId['8:birth_date']).toMatch(/future/);
    expect(byId['10:']).toMatch(/expected 11 fields/);
    expect(byId['11:external_id']).toMatch(/duplicate .* line 2/);
    expect(byId['14:given_name']).toMatch(/UTF-8/);
    expect(await count('record', sql`external_id LIKE 'a%'`)).toBe(3);
    const persons = await sql<{ category: string; status: string }>`
      SELECT p.category, p.status FROM person p JOIN record r ON r.person_id = p.id WHERE r.external_id IN ('a1', 'a2', 'a3') ORDER BY r.external_id`.execute(
      t.database.db,
    );
    expect(persons.rows).toEqual([
      { category: 'military', status: 'captivity_reported' },
      { category: 'civilian_detainee', status: 'missing' },
      { category: 'military', status: 'no_data' },
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const file = tempFile(
      'same.csv',
      [
        HEADER,
        'b1,list-b,military,Ткаченко,Іван,,male,1991,missing,,',
        'b2,list-b,missing,Лисенко,Ольга,,female,,,,',
      ].join('\n'),
    );
    const first = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(first).toMatchObject({ imported: 2, unchanged: 0, rejected: 0, rejectsPath: null });
    const before = await Promise.all([count('record'), count('person'), count('link'), count('event')]);
    const second = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(second).toMatchObject({ imported: 0, unchanged: 2, rejected: 0 });
    expect(await Promise.all([count('record'), count('person'), count('link'), count('event')])).toEqual(
      before,
    );
  });

  it('says when the same file was imported before, and as which run, and imports it all the same', async () => {
    const file = tempFile(
      'again.csv',
      [HEADER, 'ag1,list-ag,military,Гончаренко,Іван,,male,1991,,,'].join('\n'),
    );
    const first = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(first.previousRun).toBeNull();
    const told: unknown[] = [];
    // Under another source too: the file is the same (its digest), whatever it is said to come from.
    const second = await importCsv(t.database, {
      file,
      actor: 'test',
      today: TODAY,
      defaultSource: 'another name',
      onRun: (r) => told.push(r),
    });
    const finishedAt = await t.database.db
      .selectFrom('import_run')
      .select('finished_at')
      .where('id', '=', first.runId)
      .executeTakeFirstOrThrow();
    expect(second).toMatchObject({
      imported: 0,
      unchanged: 1,
      previousRun: { runId: first.runId, finishedAt: finishedAt.finished_at?.toISOString() },
    });
    expect(told).toEqual([{ runId: second.runId, previousRun: second.previousRun }]);
    const third = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(third.previousRun?.runId).toBe(second.runId);
  });

  it("rejects a row whose names and ids are too long together for the registry's index, and imports the rest", async () => {
    // 200 CJK letters in every name field and the unit, a 150-letter id and a 60-letter service number pass
    // each field's limit, but take ~3,000 bytes together: PostgreSQL refused the person index's entry (over
    // 2,704 bytes) and the whole batch failed.
    const cjk = (start: number) =>
      Array.from({ length: 200 }, (_, i) => String.fromCodePoint(0x4e00 + ((start + i * 7919) % 20000))).join(
        '',
      );
    const file = tempFile(
      'wide.csv',
      [
        HEADER,
        'w1,list-w,military,Гнатюк,Ярема,Остапович,male,1990,,,',
        `${cjk(1).slice(0, 150)},list-w,military,${cjk(2)},${cjk(3)},${cjk(4)},male,1990,,${cjk(5)},${cjk(6).slice(0, 60)}`,
        'w3,list-w,military,Гнатюк,Остап,,male,1962,,,',
      ].join('\n'),
    );
    const r = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(r).toMatchObject({ imported: 2, rejected: 1, fatal: null });
    const [reject] = readRejects(r.rejectsPath as string);
    expect(reject?.[0]).toBe('3');
    expect(reject?.slice(2).join(',')).toMatch(
      /^(family_name|given_name|patronymic|external_id),"?too long with the record's other names and identifiers: together \d+ bytes/,
    );
    expect(await count('record', sql`external_id IN ('w1', 'w3')`)).toBe(2);
  });

  it('rejects a repeated external_id in a later batch, and reports it again on re-import', async () => {
    const rows = [
      'x1,list-x,,Петренко,Іван,,,,,,',
      'x2,list-x,,Петренко,Олег,,,,,,',
      'x3,list-x,,Петренко,Ігор,,,,,,',
    ];
    const file = tempFile('dups.csv', [HEADER, ...rows, 'x1,list-x,,Петренко,Інший,,,,,,'].join('\n'));
    for (const expected of [
      { imported: 3, unchanged: 0 },
      { imported: 0, unchanged: 3 },
    ]) {
      const s = await importCsv(t.database, { file, actor: 'test', batchSize: 2, today: TODAY });
      expect(s).toMatchObject({ ...expected, rejected: 1 });
      expect(readRejects(s.rejectsPath as string)).toEqual([
        ['5', 'x1', 'external_id', 'duplicate external_id: line 2 of this file has it too'],
      ]);
    }
    const names = await t.database.db
      .selectFrom('record')
      .select('given_name')
      .where('external_id', '=', 'x1')
      .execute();
    expect(names).toEqual([{ given_name: 'Іван' }]);
  });

  it('links a row to a person an earlier batch made, while that batch may still be being written', async () => {
    // Generated people. One row per batch: each is resolved while the one before it is written.
    const rows = [
      'k1,list-k,military,Коваленко,Андрій,Іванович,male,1988-02-11,missing,,ВС123456',
      'k3,list-k,military,Kovalenko,Andrii,Ivanovych,male,1988-02-11,captivity_reported,,',
      'k2,list-k,military,Шевчук,Марія,Петрівна,female,1990-05-01,missing,,',
      'k4,list-k,military,Коваленко,Андрій,Іванович,male,1988-02-11,missing,,ВС999999',
    ];
    const file = tempFile('linked.csv', [HEADER, ...rows].join('\n'));
    const s = await importCsv(t.database, { file, actor: 'test', batchSize: 1, today: TODAY });
    expect(s).toMatchObject({ imported: 4, rejected: 0, linked: 1 });
    const personOf = async (id: string) =>
      (
        await t.database.db
          .selectFrom('record')
          .select('person_id')
          .where('external_id', '=', id)
          .executeTakeFirstOrThrow()
      ).person_id;
    const [k1, k2, k3, k4] = await Promise.all(['k1', 'k2', 'k3', 'k4'].map(personOf));
    expect(k3).toBe(k1);
    expect(k2).not.toBe(k1);
    // A different service number is a conflicting hard identifier: never linked automatically.
    expect(k4).not.toBe(k1);
    const person = await t.database.db
      .selectFrom('person')
      .select(['record_count', 'status'])
      .where('id', '=', k1 as string)
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ record_count: 2, status: 'captivity_reported' });
    const again = await importCsv(t.database, { file, actor: 'test', batchSize: 1, today: TODAY });
    expect(again).toMatchObject({ imported: 0, unchanged: 4, rejected: 0 });
  });

  it('reads the text a clerk wrote beside a name in a cp1251 file: birth, unit, call sign, split surname, kept as written', async () => {
    // Generated people only; a Windows-1251 file with ';' as office exports write them.
    const lines = [
      'external_id;source;family_name;given_name;patronymic;sex;birth_date;unit',
      'n1;list-n;Коваленко (в/ч А1234);Андрій «Грім»;Петрович;male;;',
      'n2;list-n;Шевченко 1985 р.н.;Тарас;Іванович;male;;',
      'n3;list-n;Шев ченко;Олег;Іванович;male;1979;',
      'n4;list-n;Бондаренко (позивний Лис);Сергій;;male;1990-02-01;в/ч Б5678',
      'n5;list-n;Гнатюк (Петренко);Ганна;Іванівна;female;1970;',
    ];
    const file = tempFile('cells.csv', iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1251'));
    const s = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(s).toMatchObject({ imported: 5, rejected: 0 });
    expect(s.detected).toMatchObject({ encoding: 'windows-1251', delimiter: ';' });
    const rows = await t.database.db
      .selectFrom('record')
      .select([
        'external_id',
        'family_name',
        'given_name',
        'birth_date',
        'unit',
        'key_family',
        'key_given',
        'attributes',
      ])
      .where('external_id', 'in', ['n1', 'n2', 'n3', 'n4', 'n5'])
      .orderBy('external_id')
      .execute();
    expect(rows).toEqual([
      {
        external_id: 'n1',
        family_name: 'Коваленко',
        given_name: 'Андрій',
        birth_date: null,
        unit: 'в/ч А1234',
        key_family: 'kovalenko',
        key_given: 'andrii',
        attributes: {
          written_family_name: 'Коваленко (в/ч А1234)',
          written_given_name: 'Андрій «Грім»',
          call_sign: 'Грім',
        },
      },
      {
        external_id: 'n2',
        family_name: 'Шевченко',
        given_name: 'Тарас',
        birth_date: '1985',
        unit: null,
        key_family: 'shevchenko',
        key_given: 'taras',
        attributes: { written_family_name: 'Шевченко 1985 р.н.' },
      },
      {
        external_id: 'n3',
        family_name: 'Шевченко',
        given_name: 'Олег',
        birth_date: '1979',
        unit: null,
        key_family: 'shevchenko',
        key_given: 'oleh',
        attributes: { written_family_name: 'Шев ченко' },
      },
      {
        external_id: 'n4',
        family_name: 'Бондаренко',
        given_name: 'Сергій',
        birth_date: '1990-02-01',
        unit: 'в/ч Б5678',
        key_family: 'bondarenko',
        key_given: 'serhii',
        attributes: { written_family_name: 'Бондаренко (позивний Лис)', call_sign: 'Лис' },
      },
      {
        external_id: 'n5',
        family_name: 'Гнатюк (Петренко)',
        given_name: 'Ганна',
        birth_date: '1970',
        unit: null,
        key_family: 'hnatiuk petrenko',
        key_given: 'hanna',
        attributes: {},
      },
    ]);
  });

  it('uses --source for rows without one and keeps unknown columns as attributes', async () => {
    const file = tempFile('src.csv', 'family_name,given_name,external_id,camp\nГнатюк,Василь,c1,Оленівка\n');
    const s = await importCsv(t.database, {
      file,
      defaultSource: 'ombudsman list 3',
      actor: 'test',
      today: TODAY,
    });
    expect(s.imported).toBe(1);
    const r = await t.database.db
      .selectFrom('record')
      .innerJoin('source', 'source.id', 'record.source_id')
      .select(['source.name', 'record.attributes'])
      .where('external_id', '=', 'c1')
      .executeTakeFirstOrThrow();
    expect(r).toEqual({ name: 'ombudsman list 3', attributes: { camp: 'Оленівка' } });
  });

  it("reads names written in the genitive back to the nominative, keeps the source's text, and links them", async () => {
    const file = tempFile(
      'letters.csv',
      [
        'external_id,source,family_name,given_name,patronymic,sex,birth_date',
        'g1,family desk,Гордієнко,Павло,Петрович,male,1983-04-19',
        'g2,ombudsman letter,Гордієнка,Павла,Петровича,,1983-04-19',
        'g3,ombudsman letter,Сорока,Олександра,,female,1990-02-01',
      ].join('\n') + '\n',
    );
    const s = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(s.imported).toBe(3);
    const rows = await t.database.db
      .selectFrom('record')
      .select(['external_id', 'family_name', 'given_name', 'patronymic', 'attributes', 'person_id'])
      .where('external_id', 'in', ['g1', 'g2', 'g3'])
      .orderBy('external_id')
      .execute();
    expect(rows.map(({ person_id: _, ...r }) => r)).toEqual([
      {
        external_id: 'g1',
        family_name: 'Гордієнко',
        given_name: 'Павло',
        patronymic: 'Петрович',
        attributes: {},
      },
      {
        external_id: 'g2',
        family_name: 'Гордієнко',
        given_name: 'Павло',
        patronymic: 'Петрович',
        attributes: {
          written_family_name: 'Гордієнка',
          written_given_name: 'Павла',
          written_patronymic: 'Петровича',
        },
      },
      {
        external_id: 'g3',
        family_name: 'Сорока',
        given_name: 'Олександра',
        patronymic: null,
        attributes: {},
      },
    ]);
    expect(rows[1]?.person_id).toBe(rows[0]?.person_id);
    const again = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(again).toMatchObject({ imported: 0, unchanged: 3 });
  });

  it('gives rows of a file without external_id a content id, so re-importing stays idempotent', async () => {
    const file = tempFile(
      'noid.csv',
      'family_name,given_name\nКравчук,Степан\nКравчук,Степан\nМельник,Ганна\n',
    );
    const first = await importCsv(t.database, { file, defaultSource: 'no-ids', actor: 'test', today: TODAY });
    expect(first).toMatchObject({ imported: 2, rejected: 1 });
    const again = await importCsv(t.database, { file, defaultSource: 'no-ids', actor: 'test', today: TODAY });
    expect(again).toMatchObject({ imported: 0, unchanged: 2, rejected: 1 });
  });

  it('refuses a file whose header has no name column, or no source anywhere, before writing anything', async () => {
    const noNames = tempFile('nonames.csv', 'external_id,source\nhdr1,s\n');
    await expect(importCsv(t.database, { file: noNames, actor: 'test' })).rejects.toThrow(/no name column/);
    const noSource = tempFile('nosource.csv', 'external_id,family_name\nhdr1,Бойко\n');
    await expect(importCsv(t.database, { file: noSource, actor: 'test' })).rejects.toThrow(AppError);
    await expect(importCsv(t.database, { file: '/nonexistent.csv', actor: 'test' })).rejects.toThrow(
      /no such file/,
    );
    expect(await count('record', sql`external_id = 'hdr1'`)).toBe(0);
  });

  it('keeps the rows before a malformed quote, stops there and says where', async () => {
    const file = tempFile(
      'quote.csv',
      [
        HEADER,
        'q1,list-q,,Бондар,Іван,,,,,,',
        'q2,list-q,,"Бондар"x,Іван,,,,,,',
        'q3,list-q,,Бондар,Петро,,,,,,',
      ].join('\n'),
    );
    const s = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(s.imported).toBe(1);
    expect(s.fatal).toMatch(/line 3/);
  });

  it('resumes an interrupted run after its last whole batch, reporting its rejects again', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `r${i},list-r,missing,Савченко,Іван${i},,male,1980,,,`);
    // A repeated id inside the first batch: rejected by the killed run, and by the resumed one too.
    rows.splice(5, 0, 'r0,list-r,missing,Савченко,Повтор,,male,1980,,,');
    const file = tempFile('resume.csv', [HEADER, ...rows].join('\n'));
    await killAfterSecondBatch(file);
    const committed = await count('record', sql`external_id LIKE 'r%'`);
    expect([19, 29, 39]).toContain(committed);
    const s = await importCsv(t.database, { file, actor: 'test', batchSize: 10, today: TODAY });
    expect(s).toMatchObject({ resumed: committed, imported: 50 - committed, unchanged: 0, rejected: 1 });
    expect(readRejects(s.rejectsPath as string)).toEqual([
      ['7', 'r0', 'external_id', 'duplicate external_id: line 2 of this file has it too'],
    ]);
    expect(await count('record', sql`external_id LIKE 'r%'`)).toBe(50);
  });

  it("keeps in the run's row the counts of all its batches, not only the resumed attempt's", async () => {
    const rows = Array.from(
      { length: 50 },
      (_, i) => `s${i},list-s,missing,Сидоренко,Іван${i},,male,1980,,,`,
    );
    // A repeated id inside the first batch, and a row with no name: the run rejects both, once each.
    rows.splice(5, 0, 's0,list-s,missing,Сидоренко,Повтор,,male,1980,,,');
    rows.splice(30, 0, 's-bad,list-s,missing,,,,male,1980,,,');
    const file = tempFile('resume-counts.csv', [HEADER, ...rows].join('\n'));
    await killAfterSecondBatch(file);
    const s = await importCsv(t.database, { file, actor: 'test', batchSize: 10, today: TODAY });
    expect(s.resumed).toBeGreaterThan(0);
    const run = await t.database.db
      .selectFrom('import_run')
      .select(['rows_read', 'rows_imported', 'rows_unchanged', 'rows_rejected', 'finished_at'])
      .where('id', '=', s.runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ rows_read: 52, rows_imported: 50, rows_unchanged: 0, rows_rejected: 2 });
    expect(run.finished_at).not.toBeNull();
  });
});
