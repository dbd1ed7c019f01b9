import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from '../imports/csvImport.js';
import { writeExport, type ExportOptions } from './write.js';
import { CLI_PRINCIPAL } from '../../cli/common.js';

const TODAY = new Date('2026-11-26T12:00:00Z');
const XSD = fileURLToPathSafe(new URL('./testdata/pfif-1.4.xsd', import.meta.url));

function fileURLToPathSafe(u: URL): string {
  return decodeURIComponent(u.pathname);
}

// Generated people only.
const CANONICAL = [
  'external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status,unit,service_number,military_rank,place_of_birth',
  'e1,list-e,military,Шевченко,Олександр,Петрович,male,1990-05-17,captivity_confirmed,в/ч А1234,АА123456,сержант,Полтава',
  'e2,list-e,civilian_detainee,Коваленко,Марія,Іванівна,female,1975-03,missing,,,,',
  'e3,list-e,military,Смирнов,Алексей,Юрьевич,male,1988,death_reported,,,,',
  'e4,list-e,military,"=HYPERLINK(""http://x"")",Іван,,male,1980,,,,,',
].join('\n');

async function exportTo(database: Database, opts: ExportOptions, file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  const n = await writeExport(database, CLI_PRINCIPAL, out, opts);
  await new Promise<void>((resolve) => out.end(resolve));
  return n;
}

describe.each(DATABASE_KINDS)('exports on %s', (kind) => {
  let t: TestDatabase;
  let target: TestDatabase;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-export-'));
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    target = await openTestDatabase(kind);
    const file = path.join(dir, 'in.csv');
    fs.writeFileSync(file, CANONICAL);
    const s = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(s).toMatchObject({ imported: 4, rejected: 0 });
  });
  afterAll(async () => {
    await t?.dispose();
    await target?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes every record field and the person’s status in CSV, neutralising formulas, and the CSV imports again', async () => {
    const file = path.join(dir, 'out.csv');
    expect(await exportTo(t.database, { format: 'csv' }, file)).toBe(4);
    const text = fs.readFileSync(file, 'utf8');
    const [header, ...rows] = text.trim().split('\n');
    expect(header).toBe(
      'person_id,external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status,unit,service_number,place_of_birth,military_rank,marks,source_ref,source_date,reliability,person_status,person_category',
    );
    const e1 = rows.find((r) => r.includes(',e1,'));
    expect(e1).toContain(',Полтава,сержант,');
    expect(e1).toMatch(/,captivity_confirmed,military$/);
    expect(text).toContain(`,"'=HYPERLINK(""http://x"")",`);
    // Imported again elsewhere, the formula text comes back as it was written.
    const s = await importCsv(target.database, { file, actor: 'test', today: TODAY });
    expect(s).toMatchObject({ imported: 4, rejected: 0 });
    const back = await sql<{
      family_name: string;
    }>`SELECT family_name FROM record WHERE external_id = 'e4'`.execute(target.database.db);
    expect(back.rows[0]?.family_name).toBe('=HYPERLINK("http://x")');
  });

  it('writes an Excel CSV (BOM, semicolons, CRLF, dd.mm.yyyy, Latin names by KMU 2010 and ICAO) and a cp1251 one', async () => {
    const file = path.join(dir, 'excel.csv');
    await exportTo(t.database, { format: 'csv', excel: true }, file);
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toMatch(
      /^person_id;external_id;.*;family_name_latin;given_name_latin;patronymic_latin$/,
    );
    const e1 = lines.find((l) => l.includes(';e1;')) as string;
    expect(e1).toContain(';17.05.1990;');
    expect(e1).toMatch(/;Shevchenko;Oleksandr;Petrovych$/);
    const e3 = lines.find((l) => l.includes(';e3;')) as string;
    expect(e3).toMatch(/;Smirnov;Aleksei;Iurevich$/);
    const cp = path.join(dir, 'excel-1251.csv');
    await exportTo(t.database, { format: 'csv', excel: true, encoding: 'windows-1251' }, cp);
    expect(iconv.decode(fs.readFileSync(cp), 'windows-1251')).toContain(';Шевченко;Олександр;Петрович;');
  });

  it('writes apostrophes as cp1251’s ’ and refuses, before any row, a cp1251 export of a letter it cannot hold', async () => {
    const own = await openTestDatabase(kind);
    try {
      const file = path.join(dir, 'apostrophes.csv');
      fs.writeFileSync(
        file,
        'external_id,source,family_name,given_name,status\na1,list-a,Мʼяко,Ярослав,missing\na2,list-a,Пʻєць,Іван,missing\n',
      );
      expect(await importCsv(own.database, { file, actor: 'test', today: TODAY })).toMatchObject({
        imported: 2,
      });
      const cp = path.join(dir, 'apostrophes-1251.csv');
      expect(await exportTo(own.database, { format: 'csv', encoding: 'windows-1251' }, cp)).toBe(2);
      const bytes = fs.readFileSync(cp);
      expect(bytes.includes(0x3f)).toBe(false); // no `?` anywhere
      const text = iconv.decode(bytes, 'windows-1251');
      expect(text).toContain(',М’яко,Ярослав,');
      expect(text).toContain(',П’єць,Іван,');

      fs.writeFileSync(
        file,
        'external_id,source,family_name,given_name,status\na3,list-a,Kołodziej,Jan,missing\n',
      );
      expect(await importCsv(own.database, { file, actor: 'test', today: TODAY })).toMatchObject({
        imported: 1,
      });
      const { id: recordId } = await own.database.db
        .selectFrom('record')
        .select('id')
        .where('external_id', '=', 'a3')
        .executeTakeFirstOrThrow();
      for (const opts of [
        { format: 'csv', encoding: 'windows-1251' },
        { format: 'csv', excel: true, encoding: 'windows-1251' },
        { format: 'jsonl', encoding: 'windows-1251' },
      ] as ExportOptions[]) {
        const refused = path.join(dir, 'refused.csv');
        const err = await exportTo(own.database, opts, refused).catch((e: unknown) => e);
        expect(err).toMatchObject({ name: 'AppError', code: 'validation_failed' });
        expect((err as Error).message).toContain('U+0142');
        expect((err as Error).message).toContain(`family_name of record ${recordId}`);
        expect((err as Error).message).toMatch(/UTF-8/);
        expect(fs.existsSync(refused) ? fs.statSync(refused).size : 0).toBe(0); // not even the header
      }
      // UTF-8 holds it.
      expect(await exportTo(own.database, { format: 'csv' }, cp)).toBe(3);
    } finally {
      await own.dispose();
    }
  });

  it('writes an XLSX that opens with the same rows', async () => {
    const file = path.join(dir, 'out.xlsx');
    await exportTo(t.database, { format: 'xlsx' }, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    expect(ws?.rowCount).toBe(5);
    const header = (ws?.getRow(1).values as string[]).slice(1);
    const values = ws
      ?.getRows(2, 4)
      ?.map((r) => Object.fromEntries(header.map((h, i) => [h, (r.values as unknown[])[i + 1] ?? null])));
    const e1 = values?.find((v) => v['external_id'] === 'e1');
    expect(e1).toMatchObject({
      birth_date: '17.05.1990',
      family_name_latin: 'Shevchenko',
      person_status: 'captivity_confirmed',
    });
    const e4 = values?.find((v) => v['external_id'] === 'e4');
    expect(e4?.['family_name']).toBe(`'=HYPERLINK("http://x")`);
  });

  it('writes PFIF 1.4 that validates against the schema, and imports it into an empty registry with the same persons and statuses', async () => {
    const file = path.join(dir, 'out.pfif.xml');
    expect(await exportTo(t.database, { format: 'pfif', domain: 'registry.example.org' }, file)).toBe(4);
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    const xml = fs.readFileSync(file, 'utf8');
    expect(xml).toMatch(
      /<pfif:person_record_id>registry\.example\.org\/person\.[0-9a-f-]{36}<\/pfif:person_record_id>/,
    );
    expect(xml).toContain('<pfif:status>believed_dead</pfif:status>');
    const empty = await openTestDatabase(kind);
    try {
      const s = await importCsv(empty.database, { file, actor: 'test', sourceType: 'other' });
      expect(s).toMatchObject({
        rows: 4,
        imported: 4,
        rejected: 0,
        detected: { format: 'pfif', pfifVersion: '1.4' },
      });
      const persons = (d: Database) =>
        sql<Record<string, unknown>>`
          SELECT family_name, given_name, patronymic, sex, birth_date, status FROM person
          WHERE merged_into IS NULL ORDER BY family_name`
          .execute(d.db)
          .then((r) => r.rows);
      expect(await persons(empty.database)).toEqual(await persons(t.database));
      const src = await sql<{ name: string; type: string }>`SELECT name, type FROM source`.execute(
        empty.database.db,
      );
      expect(src.rows).toEqual([{ name: 'registry.example.org', type: 'other' }]);
    } finally {
      await empty.dispose();
    }
  });

  it('imports a PFIF 1.2 file with first_name/last_name, and refuses a DOCTYPE (an entity bomb) changing nothing', async () => {
    const v12 = path.join(dir, 'v12.xml');
    fs.writeFileSync(
      v12,
      `<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.2">
  <pfif:person>
    <pfif:person_record_id>example.org/p1</pfif:person_record_id>
    <pfif:source_date>2024-02-01T10:00:00Z</pfif:source_date>
    <pfif:first_name>Taras</pfif:first_name>
    <pfif:last_name>Doroshenko</pfif:last_name>
    <pfif:home_city>Kharkiv</pfif:home_city>
    <pfif:note>
      <pfif:note_record_id>example.org/n1</pfif:note_record_id>
      <pfif:author_name>A</pfif:author_name>
      <pfif:source_date>2024-02-02T10:00:00Z</pfif:source_date>
      <pfif:status>believed_missing</pfif:status>
      <pfif:text>no news</pfif:text>
    </pfif:note>
  </pfif:person>
</pfif:pfif>`,
    );
    const s = await importCsv(target.database, { file: v12, actor: 'test', today: TODAY });
    expect(s).toMatchObject({ imported: 1, rejected: 0 });
    const r = await sql<Record<string, unknown>>`
      SELECT r.family_name, r.given_name, r.status, r.attributes, s.name AS source FROM record r
      JOIN source s ON s.id = r.source_id WHERE r.external_id = 'example.org/p1'`.execute(target.database.db);
    expect(r.rows[0]).toMatchObject({
      family_name: 'Doroshenko',
      given_name: 'Taras',
      status: 'missing',
      source: 'example.org',
    });
    expect(r.rows[0]?.['attributes']).toMatchObject({ pfif_home_city: 'Kharkiv' });

    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM record`.execute(
      target.database.db,
    );
    const bomb = path.join(dir, 'bomb.xml');
    fs.writeFileSync(
      bomb,
      `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person><pfif:person_record_id>x/1</pfif:person_record_id><pfif:full_name>&lol2;</pfif:full_name></pfif:person></pfif:pfif>`,
    );
    await expect(
      importCsv(target.database, { file: bomb, actor: 'test', defaultSource: 'x' }),
    ).rejects.toThrow(/DOCTYPE is not accepted/);
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM record`.execute(target.database.db);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});
