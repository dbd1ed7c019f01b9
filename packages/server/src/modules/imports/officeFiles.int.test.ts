import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { zipOf } from '../../test/zip.js';
import { importCsv } from './csvImport.js';

const TODAY = new Date('2026-11-26T12:00:00Z');

/** A generated person (never a real one). */
interface Person {
  family: string;
  given: string;
  patronymic: string;
  sex: 'male' | 'female';
  birth: string;
  unit: string;
  serviceNumber: string;
  status: string;
}

const FAMILIES = [
  'Шевченко',
  'Коваленко',
  'Бондаренко',
  'Ткаченко',
  'Кравченко',
  'Олійник',
  'Мельник',
  'Бойко',
];
const MEN = ['Олександр', 'Микола', 'Іван', 'Петро', 'Андрій', 'Сергій', 'Василь', 'Дмитро'];
const WOMEN = ['Марія', 'Олена', 'Наталія', 'Ірина'];
const FATHERS_M = ['Петрович', 'Іванович', 'Миколайович', 'Васильович', 'Андрійович'];
const FATHERS_F = ['Петрівна', 'Іванівна', 'Миколаївна', 'Василівна'];
const STATUSES = ['missing', 'captivity_reported', 'captivity_confirmed', ''];

/** 300 generated people; every tenth has only a birth year, as lists often do. */
function people(n = 300): Person[] {
  const out: Person[] = [];
  for (let i = 0; i < n; i++) {
    const female = i % 7 === 3;
    const year = 1960 + (i % 40);
    const month = 1 + (i % 12);
    const day = 1 + ((i * 7) % 28);
    out.push({
      family: FAMILIES[i % FAMILIES.length] as string,
      given: (female ? WOMEN[i % WOMEN.length] : MEN[(i >> 3) % MEN.length]) as string,
      patronymic: (female
        ? FATHERS_F[i % FATHERS_F.length]
        : FATHERS_M[(i >> 2) % FATHERS_M.length]) as string,
      sex: female ? 'female' : 'male',
      birth:
        i % 10 === 9
          ? String(year)
          : `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      unit: `в/ч А${1000 + (i % 50)}`,
      serviceNumber: `АБ${String(100000 + i)}`,
      status: STATUSES[i % STATUSES.length] as string,
    });
  }
  return out;
}

const dmy = (iso: string): string => (iso.length === 4 ? iso : iso.split('-').reverse().join('.'));

function canonicalCsv(list: Person[]): string {
  const rows = [
    'external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status,unit,service_number',
  ];
  list.forEach((p, i) =>
    rows.push(
      [
        `c${i}`,
        'canonical',
        'military',
        p.family,
        p.given,
        p.patronymic,
        p.sex,
        p.birth,
        p.status,
        p.unit,
        p.serviceNumber,
      ].join(','),
    ),
  );
  return rows.join('\n') + '\n';
}

/** Excel "CSV" from a Ukrainian Windows: cp1251, `;`, CRLF, one ПІБ column, dd.mm.yyyy, a № column. */
function cp1251Csv(list: Person[]): Buffer {
  const rows = ['№;ПІБ;Дата народження;Стать;Військова частина;Особовий номер;Категорія;Статус'];
  list.forEach((p, i) =>
    rows.push(
      [
        i + 1,
        `${p.family} ${p.given} ${p.patronymic}`,
        dmy(p.birth),
        p.sex === 'male' ? 'ч' : 'ж',
        p.unit,
        p.serviceNumber,
        'military',
        p.status,
      ].join(';'),
    ),
  );
  return iconv.encode(rows.join('\r\n') + '\r\n', 'windows-1251');
}

/** UTF-8 with a BOM, the header ending CRLF and the rows LF (two files concatenated), English headers. */
function bomMixedCsv(list: Person[]): Buffer {
  const head = 'Surname,First name,Patronymic,Date of birth,Sex,Unit,Service number,Category,Status\r\n';
  const body = list
    .map((p) =>
      [
        p.family,
        p.given,
        p.patronymic,
        p.birth,
        p.sex,
        `"${p.unit}"`,
        p.serviceNumber,
        'military',
        p.status,
      ].join(','),
    )
    .join('\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(head + body + '\n')]);
}

/** .xlsx with Russian headers and real Excel date cells (a year alone stays a number). */
async function russianXlsx(list: Person[], file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Список');
  ws.addRow([
    'Фамилия',
    'Имя',
    'Отчество',
    'Дата рождения',
    'Пол',
    'В/ч',
    'Личный номер',
    'Категория',
    'Статус',
  ]);
  for (const p of list) {
    const birth =
      p.birth.length === 4
        ? Number(p.birth)
        : new Date(
            Date.UTC(
              Number(p.birth.slice(0, 4)),
              Number(p.birth.slice(5, 7)) - 1,
              Number(p.birth.slice(8, 10)),
            ),
          );
    const row = ws.addRow([
      p.family,
      p.given,
      p.patronymic,
      birth,
      p.sex === 'male' ? 'м' : 'ж',
      p.unit,
      p.serviceNumber,
      'military',
      p.status,
    ]);
    if (birth instanceof Date) row.getCell(4).numFmt = 'dd.mm.yyyy';
  }
  await wb.xlsx.writeFile(file);
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hc-office-'));
}

describe.each(DATABASE_KINDS)('office files on %s', (kind) => {
  let t: TestDatabase;
  const dir = tempDir();
  const list = people();
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const file = path.join(dir, 'canonical.csv');
    fs.writeFileSync(file, canonicalCsv(list));
    const s = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(s).toMatchObject({ imported: 300, rejected: 0, fatal: null });
  });
  afterAll(async () => {
    await t?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The records of one source as comparable rows: every field the lists carry, in a fixed order. */
  const recordsOf = async (source: string) =>
    (
      await sql<Record<string, unknown>>`
        SELECT r.family_name, r.given_name, r.patronymic, r.sex, r.birth_date, r.unit, r.service_number,
               r.category, r.status, p.status AS person_status
        FROM record r JOIN source s ON s.id = r.source_id LEFT JOIN person p ON p.id = r.person_id
        WHERE s.name = ${source}
        ORDER BY r.service_number`.execute(t.database.db)
    ).rows;

  it('imports a cp1251, semicolon, CRLF file with one ПІБ column and dd.mm.yyyy dates to what the canonical file gives', async () => {
    const file = path.join(dir, 'ukr.csv');
    fs.writeFileSync(file, cp1251Csv(list));
    const s = await importCsv(t.database, { file, actor: 'test', defaultSource: 'cp1251', today: TODAY });
    expect(s).toMatchObject({ rows: 300, imported: 300, rejected: 0, fatal: null });
    expect(s.detected).toMatchObject({
      format: 'csv',
      encoding: 'windows-1251',
      delimiter: ';',
      lineEnds: 'CRLF',
    });
    expect(s.detected.columns).toContainEqual({ column: 'ПІБ', field: 'full_name', by: 'header' });
    expect(s.detected.columns).toContainEqual({ column: '№', field: 'attribute no', by: 'header' });
    expect(await recordsOf('cp1251')).toEqual(await recordsOf('canonical'));
    // Every person of the office file is the canonical file's person: linked, not duplicated.
    expect(s.linked).toBe(300);
  });

  it('imports a BOM file whose header ends CRLF and rows LF, with English headers, row by row', async () => {
    const file = path.join(dir, 'bom.csv');
    fs.writeFileSync(file, bomMixedCsv(list));
    const s = await importCsv(t.database, { file, actor: 'test', defaultSource: 'bom', today: TODAY });
    expect(s).toMatchObject({ rows: 300, imported: 300, rejected: 0, fatal: null });
    expect(s.detected).toMatchObject({
      encoding: 'utf-8',
      encodingReason: 'BOM',
      delimiter: ',',
      lineEnds: 'mixed',
    });
    expect(await recordsOf('bom')).toEqual(await recordsOf('canonical'));
  });

  it('imports an .xlsx with Russian headers and real Excel dates to what the canonical file gives', async () => {
    const file = path.join(dir, 'ru.xlsx');
    await russianXlsx(list, file);
    const s = await importCsv(t.database, { file, actor: 'test', defaultSource: 'xlsx', today: TODAY });
    expect(s).toMatchObject({ rows: 300, imported: 300, rejected: 0, fatal: null });
    expect(s.detected).toMatchObject({ format: 'xlsx', sheet: 'Список' });
    expect(s.detected.columns).toContainEqual({ column: 'В/ч', field: 'unit', by: 'header' });
    expect(await recordsOf('xlsx')).toEqual(await recordsOf('canonical'));
  });

  it('reads a KOI8-U file by letter statistics, and --encoding and --delimiter override detection', async () => {
    const text =
      'Прізвище\tІм’я\tДата народження\r\nЩербатюк\tЄвгенія\t01.02.1985\r\nЇжакевич\tҐеорґій\t03.04.1986\r\n';
    const file = path.join(dir, 'koi.csv');
    fs.writeFileSync(file, iconv.encode(text, 'koi8-u'));
    const s = await importCsv(t.database, { file, actor: 'test', defaultSource: 'koi', today: TODAY });
    expect(s.detected).toMatchObject({ encoding: 'koi8-u', delimiter: 'tab' });
    expect(
      (
        await sql<{
          family_name: string;
        }>`SELECT family_name FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'koi' ORDER BY 1`.execute(
          t.database.db,
        )
      ).rows,
    ).toEqual([{ family_name: 'Їжакевич' }, { family_name: 'Щербатюк' }]);
    const forced = await importCsv(t.database, {
      file,
      actor: 'test',
      defaultSource: 'koi-forced',
      encoding: 'koi8-u',
      delimiter: '\t',
      today: TODAY,
    });
    expect(forced.detected).toMatchObject({ encoding: 'koi8-u', encodingReason: '--encoding' });
    expect(forced.imported).toBe(2);
  });

  it('takes --map for columns it cannot recognise, and keeps the rest as attributes', async () => {
    const file = path.join(dir, 'map.csv');
    fs.writeFileSync(
      file,
      'Хто,Коли,Примітка,Колір очей\nКоваль Степан Іванович,12.03.1971,перевірити,карі\n',
    );
    const s = await importCsv(t.database, {
      file,
      actor: 'test',
      defaultSource: 'map',
      map: 'Хто=full_name,Коли=birth_date',
      today: TODAY,
    });
    expect(s).toMatchObject({ imported: 1, rejected: 0 });
    const r = (
      await sql<
        Record<string, unknown>
      >`SELECT family_name, given_name, patronymic, birth_date, attributes FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'map'`.execute(
        t.database.db,
      )
    ).rows[0];
    expect(r).toMatchObject({
      family_name: 'Коваль',
      given_name: 'Степан',
      patronymic: 'Іванович',
      birth_date: '1971-03-12',
    });
    expect(r?.['attributes']).toEqual({ note: 'перевірити', 'колір очей': 'карі' });
    await expect(
      importCsv(t.database, { file, actor: 'test', defaultSource: 'map', map: 'Хто=nickname' }),
    ).rejects.toThrow(/not a field/);
  });

  it('refuses ambiguous slash dates when the column also has month-first ones, and reads Excel serials', async () => {
    const file = path.join(dir, 'slash.csv');
    fs.writeFileSync(
      file,
      'family_name,given_name,birth_date\nМороз,Андрій,03/04/1990\nМороз,Борис,05/17/1991\nМороз,Віктор,13/04/1992\nМороз,Гнат,33000\n',
    );
    const s = await importCsv(t.database, { file, actor: 'test', defaultSource: 'slash', today: TODAY });
    expect(s).toMatchObject({ rows: 4, imported: 2, rejected: 2 });
    const rejects = fs.readFileSync(s.rejectsPath as string, 'utf8');
    expect(rejects).toMatch(
      /^2,,birth_date,"""03\/04\/1990"" is ambiguous: this column also has ""05\/17\/1991""/m,
    );
    expect(rejects).toMatch(/^3,,birth_date,.*no month 17/m);
    const dates = (
      await sql<{
        birth_date: string;
      }>`SELECT birth_date FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'slash' ORDER BY 1`.execute(
        t.database.db,
      )
    ).rows.map((r) => r.birth_date);
    expect(dates).toEqual(['1990-05-07', '1992-04-13']);
  });

  const records = async () =>
    Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM record`.execute(t.database.db)).rows[0]?.n,
    );

  it('refuses a binary file renamed .csv, a truncated .xlsx and a zip bomb, changing nothing', async () => {
    const before = await records();
    const runs = Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM import_run`.execute(t.database.db)).rows[0]?.n,
    );
    const binary = path.join(dir, 'photo.csv');
    fs.writeFileSync(
      binary,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]),
    );
    await expect(importCsv(t.database, { file: binary, actor: 'test', defaultSource: 'x' })).rejects.toThrow(
      /not a text file \(a NUL byte at offset 8\)/,
    );

    const whole = path.join(dir, 'whole.xlsx');
    await russianXlsx(list.slice(0, 20), whole);
    const truncated = path.join(dir, 'truncated.xlsx');
    const bytes = fs.readFileSync(whole);
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    await expect(
      importCsv(t.database, { file: truncated, actor: 'test', defaultSource: 'x' }),
    ).rejects.toThrow(/not a readable \.xlsx file \(truncated/);

    // A workbook whose sheet claims 1 KiB but inflates to 64 MiB of zeros.
    const bomb = path.join(dir, 'bomb.xlsx');
    fs.writeFileSync(
      bomb,
      zipOf([
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024 * 1024), declare: 1024 },
      ]),
    );
    const err = await importCsv(t.database, { file: bomb, actor: 'test', defaultSource: 'x' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(
      /unpacks to more than the 1024 bytes it declares \(a zip bomb\?\)/,
    );

    const honestBomb = path.join(dir, 'bomb2.xlsx');
    fs.writeFileSync(
      honestBomb,
      zipOf([
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024 * 1024) },
      ]),
    );
    await expect(
      importCsv(t.database, { file: honestBomb, actor: 'test', defaultSource: 'x' }),
    ).rejects.toThrow(/unpacks \d+ times its size \(a zip bomb\?\)/);

    // Shared strings inside the total and the ratio, but more than the reader may hold in memory (a 13 MB
    // file with 313 MiB of them took an import from 300 MB to 1.1 GB): refused by what its directory says,
    // before any unpacking; a part that declares less than it holds is the liar refused above.
    const strings = path.join(dir, 'strings.xlsx');
    const si = Buffer.from('<si><t>Коваленко</t></si>'.repeat(1000));
    fs.writeFileSync(
      strings,
      zipOf([
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
        { name: 'xl/sharedStrings.xml', data: si, declare: si.length + 200 * 1024 * 1024 },
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>') },
      ]),
    );
    await expect(importCsv(t.database, { file: strings, actor: 'test', defaultSource: 'x' })).rejects.toThrow(
      /its part xl\/sharedStrings\.xml unpacks to 200 MiB, more than the 128 MiB a workbook's reading holds in memory; save the sheet as CSV/,
    );

    expect(await records()).toBe(before);
    expect(
      Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM import_run`.execute(t.database.db)).rows[0]
          ?.n,
      ),
    ).toBe(runs);
  });

  it('refuses 2 GB files of each kind (sparse: nothing written to disk) with a clear error, reading only their start', async () => {
    const before = await records();
    const TWO_GB = 2 * 1024 ** 3;
    const sparse = (name: string, head: Buffer): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, head);
      fs.truncateSync(file, TWO_GB);
      return file;
    };
    const cases: [string, Buffer, RegExp][] = [
      [
        'big.csv',
        Buffer.from('family_name,given_name\nМороз,Андрій\n'),
        /not a text file \(a NUL byte at offset \d+\)/,
      ],
      [
        'big.xml',
        Buffer.from(
          '<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">\n',
        ),
        /big\.xml: line \d+: not well-formed XML/,
      ],
      ['big.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0]), /not a readable \.xlsx file/],
    ];
    for (const [name, head, message] of cases) {
      const file = sparse(name, head);
      const rss = process.memoryUsage().rss;
      await expect(
        importCsv(t.database, { file, actor: 'test', defaultSource: 'big', today: TODAY }),
      ).rejects.toThrow(message);
      // Read as a stream from its start: memory did not grow with the file (2 GB would show).
      expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 1024 * 1024);
      fs.rmSync(file);
    }
    expect(await records()).toBe(before);
  });

  it('stops at a record longer than the limit (a huge file without line ends) with a clear error', async () => {
    const file = path.join(dir, 'huge.csv');
    fs.writeFileSync(file, 'family_name,given_name\nМороз,Андрій\n' + 'x'.repeat(3 * 1024 * 1024));
    const s = await importCsv(t.database, { file, actor: 'test', defaultSource: 'huge', today: TODAY });
    expect(s.imported).toBe(1);
    expect(s.fatal).toMatch(/line 3: .*max_record_size|line 3: .*record/i);
  });
});
