import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generatePopulation } from '../packages/server/src/seed/population.js';
import type { CanonicalCsvRow } from '../packages/server/src/modules/registry/vocabulary.js';
import { CSV_HEADER, csvLine } from '../packages/server/src/seed/population.js';
import {
  browserAvailable,
  checkScreen,
  launchBrowser,
  loginByApi,
  startServer,
  type TestServer,
} from './harness.js';

const RUN = browserAvailable();

// Generated people only: 30 of them, the same in every file.
const PEOPLE: CanonicalCsvRow[] = [
  ...generatePopulation({ persons: 30, seed: 4242, source: 'e2e canonical list', profile: 'realistic' }),
];
const dmy = (iso: string): string => iso.split('-').reverse().join('.');
const fullName = (p: CanonicalCsvRow) =>
  [p.family_name, p.given_name, p.patronymic].filter((x) => x).join(' ');

/** Excel "CSV" from a Ukrainian Windows: cp1251, `;`, CRLF, one ПІБ column, dd.mm.yyyy, a column nobody knows. */
function cp1251Csv(): Buffer {
  const rows = [
    '№;Ідентифікатор;ПІБ;Дата народження;Стать;Категорія;Статус;Військова частина;Особовий номер;Позивний',
  ];
  PEOPLE.forEach((p, i) =>
    rows.push(
      [
        i + 1,
        p.external_id,
        fullName(p),
        p.birth_date ? dmy(p.birth_date) : '',
        p.sex === 'male' ? 'ч' : p.sex === 'female' ? 'ж' : '',
        p.category,
        p.status,
        p.unit,
        p.service_number,
        `Сокіл-${i}`,
      ].join(';'),
    ),
  );
  return iconv.encode(rows.join('\r\n') + '\r\n', 'windows-1251');
}

/** .xlsx with Russian headers and real Excel date cells (a partial date stays text). */
async function russianXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Список');
  ws.addRow([
    'Идентификатор',
    'Фамилия',
    'Имя',
    'Отчество',
    'Дата рождения',
    'Пол',
    'Категория',
    'Статус',
    'В/ч',
    'Личный номер',
  ]);
  for (const p of PEOPLE) {
    const b = p.birth_date ?? '';
    const birth =
      b.length === 10
        ? new Date(Date.UTC(Number(b.slice(0, 4)), Number(b.slice(5, 7)) - 1, Number(b.slice(8, 10))))
        : dmy(b);
    const row = ws.addRow([
      p.external_id,
      p.family_name,
      p.given_name,
      p.patronymic,
      birth,
      p.sex === 'male' ? 'м' : p.sex === 'female' ? 'ж' : '',
      p.category,
      p.status,
      p.unit,
      p.service_number,
    ]);
    if (birth instanceof Date) row.getCell(5).numFmt = 'dd.mm.yyyy';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.skipIf(!RUN)('the import screen in a real browser: office files read as the canonical CSV', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let canonical = new Map<string, string>();
  const violations: string[] = [];

  /**
   * What a source's records say, by external id: every record of every person the registrar can see,
   * read through the API (persons' files), as the fields the canonical CSV carries.
   */
  const recordsOf = async (source: string): Promise<Map<string, string>> => {
    const ids: string[] = [];
    let after = '';
    for (;;) {
      const res = await context.request.get(
        `${server.url}/api/v1/persons?limit=500${after ? `&after=${after}` : ''}`,
      );
      const body = (await res.json()) as { items: { id: string }[]; next: string | null };
      ids.push(...body.items.map((p) => p.id));
      if (!body.next) break;
      after = body.next;
    }
    const out = new Map<string, string>();
    for (const id of ids) {
      const p = (await (await context.request.get(`${server.url}/api/v1/persons/${id}`)).json()) as {
        records: (Record<string, string | null> & { source: { name: string } })[];
      };
      for (const r of p.records) {
        if (r.source.name !== source) continue;
        const fields = [
          'family_name',
          'given_name',
          'patronymic',
          'birth_date',
          'sex',
          'category',
          'status',
          'unit',
          'service_number',
        ];
        out.set(r['external_id'] ?? '', fields.map((f) => r[f] ?? '').join('|'));
      }
    }
    return out;
  };
  /** The import's summary figure of a label. */
  const figure = async (label: string) =>
    Number(
      (
        (await page
          .locator('dt', { hasText: label })
          .locator('xpath=following-sibling::dd[1]')
          .textContent()) ?? ''
      ).replace(/\D/g, ''),
    );

  /** Picks the file on the import screen (source first, so the preview applies its saved mapping). */
  const choose = async (source: string, file: { name: string; mimeType: string; buffer: Buffer }) => {
    await page.goto(`${server.url}/import`);
    await page.getByLabel('Джерело для рядків без нього').fill(source);
    await page.getByLabel('Файл CSV, Excel або PFIF').setInputFiles(file);
    await page.getByRole('heading', { name: 'Як буде прочитано файл' }).waitFor();
  };
  const startAndFinish = async () => {
    await page.getByRole('button', { name: 'Почати імпорт' }).click();
    await page.getByRole('heading', { name: 'Імпорт завершено' }).waitFor({ timeout: 30_000 });
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ persons: 50 }), launchBrowser()]);
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await loginByApi(context, server);
    page = await context.newPage();
    const csrf = (
      (await (await context.request.get(`${server.url}/api/v1/auth/session`)).json()) as {
        csrf_token: string;
      }
    ).csrf_token;
    // The canonical CSV, through the API: what the office files must give.
    const csv = [CSV_HEADER, ...PEOPLE.map(csvLine)].join('\n') + '\n';
    const res = await context.request.post(`${server.url}/api/v1/imports`, {
      data: csv,
      headers: { 'content-type': 'text/csv', 'x-csrf-token': csrf },
    });
    expect(res.status()).toBe(202);
    const id = ((await res.json()) as { id: string }).id;
    for (;;) {
      const job = (await (await context.request.get(`${server.url}/api/v1/imports/${id}`)).json()) as {
        state: string;
        records_written: number;
        rejected: number;
      };
      if (job.state !== 'running') {
        expect(job).toMatchObject({ state: 'done', records_written: 30, rejected: 0 });
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    canonical = await recordsOf('e2e canonical list');
    expect(canonical.size).toBe(30);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('previews a cp1251 Excel CSV (encoding, delimiter, line ends, Ukrainian headers, ПІБ), takes a changed mapping and imports the same records', async () => {
    await choose('e2e обласний список', { name: 'spysok.csv', mimeType: 'text/csv', buffer: cp1251Csv() });
    const detected = (await page.getByTestId('preview-detected').textContent()) ?? '';
    expect(detected).toContain('windows-1251');
    expect(detected).toContain(';');
    expect(detected).toContain('CRLF');
    expect(detected).toContain('українська');
    expect(await page.getByLabel('Поле для стовпця ПІБ').inputValue()).toBe('full_name');
    expect(await page.getByLabel('Поле для стовпця Дата народження').inputValue()).toBe('birth_date');
    // The first rows, decoded.
    expect(await page.getByTestId('preview-rows').textContent()).toContain(
      fullName(PEOPLE[0] as CanonicalCsvRow),
    );
    // A column nobody recognises: the registrar drops it, and keeps that for the next file.
    const callSign = page.getByLabel('Поле для стовпця Позивний');
    expect(await callSign.inputValue()).toBe('attribute');
    await callSign.selectOption('ignore');
    expect(await page.getByLabel(/Запам’ятати цю відповідність/).isChecked()).toBe(true);
    violations.push(...(await checkScreen(page, 'import-01-preview-cp1251')));
    await startAndFinish();
    expect(await figure('Записано записів')).toBe(30);
    expect(await figure('Відхилено')).toBe(0);
    const summary = (await page.getByRole('region', { name: 'Як прочитано файл' }).textContent()) ?? '';
    expect(summary).toContain('windows-1251');
    violations.push(...(await checkScreen(page, 'import-02-summary-cp1251')));
    expect(await recordsOf('e2e обласний список')).toEqual(canonical);
  });

  it('opens the next file of that source with the saved mapping', async () => {
    await choose('e2e обласний список', { name: 'spysok-2.csv', mimeType: 'text/csv', buffer: cp1251Csv() });
    await page.getByText('Застосовано збережену відповідність для «e2e обласний список».').waitFor();
    expect(await page.getByLabel('Поле для стовпця Позивний').inputValue()).toBe('ignore');
    const row = page.getByRole('row', { name: /^Позивний/ });
    expect(await row.textContent()).toContain('збереженою відповідністю');
  });

  it('previews and imports an .xlsx with Russian headers and date cells to the same records', async () => {
    await choose('e2e xlsx list', {
      name: 'spisok.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await russianXlsx(),
    });
    const detected = (await page.getByTestId('preview-detected').textContent()) ?? '';
    expect(detected).toContain('XLSX');
    expect(detected).toContain('Список');
    expect(detected).toContain('російська');
    expect(await page.getByLabel('Поле для стовпця В/ч').inputValue()).toBe('unit');
    violations.push(...(await checkScreen(page, 'import-03-preview-xlsx')));
    await startAndFinish();
    expect(await figure('Записано записів')).toBe(30);
    expect(await figure('Відхилено')).toBe(0);
    expect(await recordsOf('e2e xlsx list')).toEqual(canonical);
  });

  it('imports a PFIF .xml from the picker without a preview, saying why', async () => {
    const people = PEOPLE.slice(0, 3);
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">',
      ...people.map(
        (p, i) =>
          `<pfif:person><pfif:person_record_id>partner.example.org/p${i}</pfif:person_record_id>` +
          `<pfif:family_name>${p.family_name}</pfif:family_name><pfif:given_name>${p.given_name}</pfif:given_name></pfif:person>`,
      ),
      '</pfif:pfif>',
    ].join('\n');
    await page.goto(`${server.url}/import`);
    await page.getByLabel('Файл CSV, Excel або PFIF').setInputFiles({
      name: 'partner.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(xml),
    });
    expect(await page.getByTestId('pfif-no-preview').textContent()).toContain('PFIF');
    expect(await page.getByRole('alert').count()).toBe(0);
    violations.push(...(await checkScreen(page, 'import-04-pfif')));
    await startAndFinish();
    expect(await figure('Записано записів')).toBe(3);
    expect(await figure('Відхилено')).toBe(0);
  });

  it('has no serious or critical accessibility violation on these screens', () => {
    expect(violations).toEqual([]);
  });
});
