import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestActor, type TestActor } from '../../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { headerLanguage } from './preview.js';
import type { TImportJob, TImportPreview } from './schemas.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent' } as const;

// Generated people only.
const CP1251 = iconv.encode(
  [
    '№;ПІБ;Дата народження;В/ч;Позивний',
    '1;Дорошенко Тарас Петрович;17.03.1984;А1234;Сокіл',
    '2;Левченко Ірина Олегівна;01.07.1992;А2345;Ластівка',
  ].join('\r\n') + '\r\n',
  'windows-1251',
);

async function russianXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Список');
  ws.addRow(['Фамилия', 'Имя', 'Отчество', 'Дата рождения']);
  const row = ws.addRow(['Дорошенко', 'Тарас', 'Петрович', new Date(Date.UTC(1984, 2, 17))]);
  row.getCell(4).numFmt = 'dd.mm.yyyy';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('headerLanguage', () => {
  it('names the language the recognised header words share', () => {
    expect(headerLanguage(['ПІБ', 'Дата народження', 'Позивний'])).toBe('uk');
    expect(headerLanguage(['Фамилия', 'Имя', 'В/ч'])).toBe('ru');
    expect(headerLanguage(['Surname', 'Date of birth'])).toBe('en');
    expect(headerLanguage(['Прізвище', 'Имя'])).toBe('mixed');
    expect(headerLanguage(['В/ч', 'Статус', 'x'])).toBe('unknown');
  });
});

describe.each(DATABASE_KINDS)('the import preview on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let registrar: TestActor;
  let otherOrg: TestActor;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    app = await buildApp(t.database, CONFIG);
    registrar = await createTestActor(t.database, 'registrar', { organisation: 'Org A' });
    otherOrg = await createTestActor(t.database, 'registrar', { organisation: 'Org B' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const preview = (who: TestActor, payload: Buffer | string, query = '') =>
    who.inject(app, {
      method: 'POST',
      url: `/api/v1/imports/preview${query}`,
      headers: { 'content-type': 'application/octet-stream' },
      payload,
    });
  const records = async () =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM record`.execute(t.database.db)).rows[0]?.n);

  it('says how a cp1251 Excel CSV is read: encoding, delimiter, line ends, Ukrainian headers, ПІБ, first rows; writes nothing', async () => {
    const before = await records();
    const res = await preview(registrar, CP1251, '?source=oblast');
    expect(res.statusCode).toBe(200);
    const p = res.json() as TImportPreview;
    expect(p.detected).toMatchObject({
      format: 'csv',
      encoding: 'windows-1251',
      delimiter: ';',
      lineEnds: 'CRLF',
    });
    expect(p.header_language).toBe('uk');
    expect(p.columns.map((c) => [c.column, c.field, c.by])).toEqual([
      ['№', 'attribute', 'header'],
      ['ПІБ', 'full_name', 'header'],
      ['Дата народження', 'birth_date', 'header'],
      ['В/ч', 'unit', 'header'],
      ['Позивний', 'attribute', 'unrecognised'],
    ]);
    expect(p.rows).toEqual([
      { line: 2, cells: ['1', 'Дорошенко Тарас Петрович', '17.03.1984', 'А1234', 'Сокіл'] },
      { line: 3, cells: ['2', 'Левченко Ірина Олегівна', '01.07.1992', 'А2345', 'Ластівка'] },
    ]);
    expect(p.saved_mapping).toBe(false);
    expect(await records()).toBe(before);
  });

  it('reads an .xlsx: its sheet, Russian headers, date cells as dates', async () => {
    const p = (await preview(registrar, await russianXlsx())).json() as TImportPreview;
    expect(p.detected).toMatchObject({ format: 'xlsx', sheet: 'Список' });
    expect(p.header_language).toBe('ru');
    expect(p.rows[0]?.cells).toEqual(['Дорошенко', 'Тарас', 'Петрович', '1984-03-17']);
  });

  it("remembers a confirmed mapping for the source's next file, for its organisation only", async () => {
    const res = await registrar.inject(app, {
      method: 'POST',
      url: `/api/v1/imports?source=oblast&remember_map=true&map=${encodeURIComponent('Позивний=ignore')}`,
      headers: { 'content-type': 'text/csv' },
      payload: CP1251,
    });
    expect(res.statusCode).toBe(202);
    for (;;) {
      const job = (await registrar.inject(app, `/api/v1/imports/${res.json().id}`)).json() as TImportJob;
      if (job.state !== 'running') {
        expect(job).toMatchObject({ state: 'done', records_written: 2, rejected: 0 });
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const again = (await preview(registrar, CP1251, '?source=oblast')).json() as TImportPreview;
    expect(again.saved_mapping).toBe(true);
    expect(again.columns.find((c) => c.column === 'Позивний')).toEqual({
      column: 'Позивний',
      field: 'ignore',
      by: 'saved',
    });
    // Another source, or another organisation's source of the same name, starts from the headers.
    expect(((await preview(registrar, CP1251, '?source=other')).json() as TImportPreview).saved_mapping).toBe(
      false,
    );
    expect(((await preview(otherOrg, CP1251, '?source=oblast')).json() as TImportPreview).saved_mapping).toBe(
      false,
    );
    // The map option still wins over the saved mapping.
    const forced = (
      await preview(registrar, CP1251, `?source=oblast&map=${encodeURIComponent('Позивний=marks')}`)
    ).json() as TImportPreview;
    expect(forced.columns.find((c) => c.column === 'Позивний')).toMatchObject({ field: 'marks', by: 'map' });
  });

  it('refuses what it cannot read with a clear 400, and remember_map without a map', async () => {
    const binary = Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10, 0x80, 0x81, 0x00]);
    const bad = await preview(registrar, binary);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/uploaded CSV/);
    const empty = await preview(registrar, '');
    expect(empty.statusCode).toBe(400);
    const noMap = await registrar.inject(app, {
      method: 'POST',
      url: '/api/v1/imports?source=oblast&remember_map=true',
      headers: { 'content-type': 'text/csv' },
      payload: CP1251,
    });
    expect(noMap.statusCode).toBe(400);
    expect(noMap.json().message).toMatch(/remember_map needs source and map/);
  });

  it('says a PFIF file has no preview (it names its own fields) instead of reading it as a table', async () => {
    // The first 64 KB of a PFIF file, as the web screen sends it: cut off mid-element.
    const pfif = `<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">\n  <pfif:person>\n    <pfif:person_record_id>example.org/p1</pfif:person_record_id>\n    <pfif:full_na`;
    const res = await preview(registrar, pfif);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(
      'the preview is for tables (CSV, .xlsx): a PFIF file names its own fields, so import it directly',
    );
  });
});
