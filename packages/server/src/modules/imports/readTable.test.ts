import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { detectDelimiter, detectEncoding, detectLineEnds } from './detect.js';
import { excelSerialToIso, headerKey, mapHeader, mapRow, SlashDateColumns } from './mapColumns.js';
import { openTable } from './readTable.js';
import { workbookLayout } from './zipCheck.js';
import iconv from 'iconv-lite';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-read-'));

describe('reading .xlsx', () => {
  it.each([true, false])(
    'keeps every Cyrillic letter whole across inflate chunk boundaries (shared strings: %s)',
    async (useSharedStrings) => {
      const file = path.join(dir, `cyr-${useSharedStrings}.xlsx`);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings });
      const ws = wb.addWorksheet('Аркуш');
      ws.addRow(['ПІБ', 'Примітка']).commit();
      // All two-byte letters: nearly every 16 KiB chunk boundary falls inside a letter.
      for (let i = 0; i < 3000; i++)
        ws.addRow([`Шевченко Олександр ${i}`, 'ґєїщюяжшхцчь'.repeat(3) + i]).commit();
      ws.commit();
      await wb.commit();
      const table = await openTable(file);
      let rows = 0;
      for await (const r of table.rows()) {
        expect(JSON.stringify(r.cells)).not.toContain('\uFFFD');
        rows++;
      }
      expect(rows).toBe(3001);
      expect(table.detected).toEqual({ format: 'xlsx', sheet: 'Аркуш' });
    },
  );

  it('reads a later sheet by name, past sheets it skips, every time', async () => {
    // Written with shared strings after the sheets (as Excel and exceljs write them), so the reader parks
    // each sheet in a temporary file and deletes a skipped one's as soon as the caller moves on.
    const file = path.join(dir, 'sheets.xlsx');
    // The streaming writer puts the parts in one order every time (the other writer's order varies).
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    for (const name of ['Зміст', 'Примітки']) {
      const ws = wb.addWorksheet(name);
      ws.addRow([name, 'текст']).commit();
      ws.commit();
    }
    const list = wb.addWorksheet('Список');
    list.addRow(['Прізвище', "Ім'я"]).commit();
    list.addRow(['Вигаданенко', 'Петро']).commit();
    list.commit();
    await wb.commit();
    // The names come from the workbook's parts through the zip directory, whatever order the stream meets.
    expect(workbookLayout(file)).toEqual({
      names: new Map([
        ['1', 'Зміст'],
        ['2', 'Примітки'],
        ['3', 'Список'],
      ]),
      sharedStrings: true,
    });
    // Named, not counted: test files share a process (isolate: false), and an earlier file's parked
    // files may go while this one runs.
    const parked = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));
    const before = new Set(parked());
    for (let i = 0; i < 30; i++) {
      const table = await openTable(file, { sheet: 'Список' });
      const rows = [];
      for await (const r of table.rows()) rows.push(r.cells);
      expect(rows).toEqual([
        ['Прізвище', "Ім'я"],
        ['Вигаданенко', 'Петро'],
      ]);
      expect(table.detected).toEqual({ format: 'xlsx', sheet: 'Список' });
    }
    // A caller that stops after the first row (a preview), and one that reads the first sheet.
    for (const sheet of ['Список', undefined]) {
      const table = await openTable(file, sheet === undefined ? {} : { sheet });
      for await (const r of table.rows()) if (r.cells.length > 0) break;
    }
    // Nothing of the lists is left in the temporary folder (exceljs deletes its files asynchronously).
    // vi.waitFor gives up after 1 s by default: too soon on a loaded machine, so a generous bound (a hang).
    await vi.waitFor(() => expect(parked().filter((f) => !before.has(f))).toEqual([]), {
      timeout: 60_000,
      interval: 100,
    });
  });
});

describe('naming the sheets of an .xlsx', () => {
  it('reads a sheet whose name holds characters XML escapes', async () => {
    const file = path.join(dir, 'escaped.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Зміст').addRow(['текст']);
    const name = `Список & "нові" <2026>`;
    const ws = wb.addWorksheet(name);
    ws.addRow(['Прізвище']);
    ws.addRow(['Вигаданенко']);
    await wb.xlsx.writeFile(file);
    expect([...workbookLayout(file).names.values()]).toEqual(['Зміст', name]);
    const table = await openTable(file, { sheet: name });
    const rows = [];
    for await (const r of table.rows()) rows.push(r.cells);
    expect(rows).toEqual([['Прізвище'], ['Вигаданенко']]);
    expect(table.detected).toEqual({ format: 'xlsx', sheet: name });
    // Not a zip: no names, and no exception (the reader's own error stands).
    const text = path.join(dir, 'text.xlsx');
    fs.writeFileSync(text, 'not a workbook');
    expect(workbookLayout(text).names.size).toBe(0);
  });
});

describe('detecting how a CSV was written', () => {
  it('tells UTF-8, Windows-1251 and KOI8-U apart, on names in capitals too', () => {
    const text = 'ПРІЗВИЩЕ;ІМ’Я\r\nКОВАЛЕНКО;МАРІЯ\r\nЩЕРБАК;ЮРІЙ\r\n';
    expect(detectEncoding(Buffer.from(text))).toMatchObject({ encoding: 'utf-8', bomLength: 0 });
    expect(detectEncoding(iconv.encode(text, 'windows-1251'))).toMatchObject({ encoding: 'windows-1251' });
    expect(detectEncoding(iconv.encode(text, 'koi8-u'))).toMatchObject({ encoding: 'koi8-u' });
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toMatchObject({
      encoding: 'utf-8',
      bomLength: 3,
    });
    expect(detectEncoding(Buffer.from([0x41, 0, 0x42]))).toEqual({
      error: expect.stringMatching(/not a text file \(a NUL byte at offset 1\)/),
    });
  });

  it('finds the delimiter that splits every line alike, ignoring quoted ones', () => {
    expect(detectDelimiter('a;b;c\n1;"x,y";3\n4;5;6\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('a,b\n"1;2",3\n')).toBe(',');
    expect(detectDelimiter('family_name\nБойко\n')).toBe(',');
    expect(detectLineEnds('a\r\nb\nc\n')).toBe('mixed');
  });
});

describe('mapping columns', () => {
  it('recognises headers in three languages whatever their case and punctuation', () => {
    const m = mapHeader(['П.І.Б.', 'ДАТА НАРОДЖЕННЯ', 'в/ч', 'Личный номер', "Ім'я", '№', 'Колір очей'], 1);
    expect(m.map((c) => c.field)).toEqual([
      'full_name',
      'birth_date',
      'unit',
      'service_number',
      'given_name',
      'attribute',
      'attribute',
    ]);
    expect(m[5]?.attribute).toBe('no');
    expect(headerKey('Ім’я')).toBe(headerKey("ім'я"));
    expect(() => mapHeader(['Прізвище', 'Фамилия'], 1)).toThrow(/would both be family_name/);
  });

  it('reads Excel serial days and refuses slash dates only when the column also has month-first ones', () => {
    expect(excelSerialToIso(32874)).toBe('1990-01-01');
    expect(excelSerialToIso(0)).toBeNull();
    const mapping = mapHeader(['family_name', 'birth_date'], 1);
    const slash = new SlashDateColumns();
    expect(mapRow(['Бойко', '03/04/1990'], mapping, slash).problems).toEqual([]);
    slash.see(1, '12/31/1990');
    expect(mapRow(['Бойко', '03/04/1990'], mapping, slash).problems[0]?.reason).toMatch(/ambiguous/);
    expect(mapRow(['Бойко', '04/04/1990'], mapping, slash).problems).toEqual([]);
    // Dashes as slashes: a day-first dash date reads, until the column shows it is written month first.
    const dash = new SlashDateColumns();
    expect(mapRow(['Бойко', '03-04-1990'], mapping, dash).problems).toEqual([]);
    dash.see(1, '05-17-1991');
    expect(mapRow(['Бойко', '03-04-1990'], mapping, dash).problems[0]?.reason).toMatch(/ambiguous/);
    expect(mapRow(['Бойко', '1990-03-04'], mapping, dash).problems).toEqual([]);
  });

  it('restores text our own exports neutralised as a formula', () => {
    const mapping = mapHeader(['family_name'], 1);
    expect(mapRow([`'=HYPERLINK("x")`], mapping, null).raw.family_name).toBe('=HYPERLINK("x")');
    expect(mapRow([`'Олег`], mapping, null).raw.family_name).toBe(`'Олег`);
  });
});
