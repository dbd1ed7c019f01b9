import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  browserAvailable,
  checkScreen,
  launchBrowser,
  loginByApi,
  startServer,
  type TestAccount,
  type TestServer,
} from './harness.js';

const RUN = browserAvailable();

interface Person {
  id: string;
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  birth_date: string | null;
}

// Generated people only (the harness seeds them).
describe.skipIf(!RUN)('an exchange in a real browser, from list version 1 to reconciliation', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let people: Person[];
  const violations: string[] = [];
  const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\n') + '\n');
  const entry = (id: string, p: Person) => [
    id,
    p.family_name ?? '',
    p.given_name ?? '',
    p.patronymic ?? '',
    p.birth_date ?? '',
  ];
  const HEADER = ['external_id', 'family_name', 'given_name', 'patronymic', 'birth_date'];

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ persons: 200, accounts: { coordinator: 'exchange_coordinator' } }),
      launchBrowser(),
    ]);
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // Exchanges are the coordinator's work: registrars hold no exchange permission.
    await loginByApi(context, server, server.accounts['coordinator'] as TestAccount);
    const r = await context.request.get(`${server.url}/api/v1/persons?limit=200`);
    const all = ((await r.json()) as { items: Person[] }).items;
    // Four people with full names and birth dates, of four different family names.
    const seen = new Set<string>();
    people = all.filter((p) => {
      if (!p.family_name || !p.given_name || !p.birth_date || p.birth_date.length !== 10) return false;
      if (seen.has(p.family_name)) return false;
      seen.add(p.family_name);
      return true;
    });
    expect(people.length).toBeGreaterThanOrEqual(4);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates an exchange and adds list version 1 and version 2 of our side, with the diff', async () => {
    const [a, b, c, d] = people as [Person, Person, Person, Person];
    await page.goto(`${server.url}/exchanges`);
    await page.getByRole('heading', { name: 'Обміни', level: 1 }).waitFor();
    await page.getByLabel('Назва').fill('Обмін e2e');
    await page.getByLabel('Дата проведення').fill('23.05.2025');
    await page.getByRole('button', { name: 'Створити обмін' }).click();
    await page.getByRole('heading', { name: 'Обмін e2e', level: 1 }).waitFor();
    violations.push(...(await checkScreen(page, 'exchange-01-empty')));

    const upload = async (name: string, body: Buffer) => {
      await page.getByLabel('Файл').first().setInputFiles({ name, mimeType: 'text/csv', buffer: body });
      await page.getByRole('button', { name: 'Додати версію' }).click();
    };
    await upload('v1.csv', csv([HEADER, entry('e1', a), entry('e2', b), entry('e3', c)]));
    await page.getByText('Версію 1 додано: 3 записів зіставлено.').waitFor();
    await page.getByRole('heading', { name: 'Дошка верифікації (версія 1)' }).waitFor();
    await upload('v2.csv', csv([HEADER, entry('e1', a), entry('e2', b), entry('e3', c), entry('e4', d)]));
    await page.getByText('Версію 2 додано: 4 записів зіставлено.').waitFor();
    await page.getByRole('heading', { name: 'Версія 2 порівняно з версією 1' }).waitFor();
    await page.getByText('Додано: e4').waitFor();
    expect(await page.getByRole('link', { name: 'XLSX' }).getAttribute('href')).toContain(
      'format=xlsx&version=2',
    );
  });

  it('verifies an entry on the board: identity verified with evidence, then agreed', async () => {
    await page.getByLabel('Підстава для підтвердження особи').fill('Повідомлення МКЧХ');
    await page.getByRole('button', { name: 'Особу підтверджено: e1' }).click();
    await page.getByRole('button', { name: 'Погоджено: e1' }).click();
    const row = page.getByRole('row').filter({ hasText: 'e1' });
    await row.getByText('Погоджено').waitFor();
    violations.push(...(await checkScreen(page, 'exchange-02-board')));
  });

  it('reconciles who crossed and shows the report; the file of a returned person says so', async () => {
    const [a, b] = people as [Person, Person];
    const crossed = csv([HEADER, ['x1', ...entry('', a).slice(1)], ['x2', ...entry('', b).slice(1)]]);
    await page
      .getByLabel('Файл')
      .last()
      .setInputFiles({ name: 'crossed.csv', mimeType: 'text/csv', buffer: crossed });
    await page.getByRole('button', { name: 'Звірити', exact: true }).click();
    const report = page.getByRole('region', { name: 'Звіт звірки' });
    await report.waitFor();
    const facts = await report.locator('dl').textContent();
    expect(facts).toContain('Повернувся2');
    expect(facts).toContain('Не повернувся2');
    violations.push(...(await checkScreen(page, 'exchange-03-report')));
    // The returned man's file says so.
    await report.getByRole('link', { name: 'Відкрити справу' }).first().click();
    await page.getByText('Повернувся внаслідок обміну').first().waitFor();
  });

  it('hands over their side from the board, without a file: the register says who left', async () => {
    // Generated prisoners of the other side, into the register through the API.
    const csrf = (
      (await (await context.request.get(`${server.url}/api/v1/auth/session`)).json()) as {
        csrf_token: string;
      }
    ).csrf_token;
    const register = Buffer.from(
      'external_id,family_name,given_name,patronymic,birth_date,power_depended_on\n' +
        'p1,Смирнов,Алексей,Петрович,1995-04-04,Russian Federation\n' +
        'p2,Кузнецов,Дмитрий,Игоревич,1999-09-19,Russian Federation\n',
    );
    const res = await context.request.post(`${server.url}/api/v1/enemy-pows?file_name=register.csv`, {
      data: register,
      headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': csrf },
    });
    expect(res.status()).toBe(200);
    // Back from the returned man's file to the exchange.
    await page.goBack();
    await page.getByRole('heading', { name: 'Обмін e2e', level: 1 }).waitFor();
    await page.getByLabel('Список').selectOption('theirs');
    await page
      .getByLabel('Файл')
      .first()
      .setInputFiles({
        name: 'theirs.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'external_id,family_name,given_name,patronymic,birth_date\n' +
            't1,SMIRNOV,Aleksei,Petrovich,04.04.1995\n' +
            't2,Кузнецов,Дмитрий,Игоревич,19.09.1999\n',
        ),
      });
    await page.getByRole('button', { name: 'Додати версію' }).click();
    await page.getByText('Версію 1 додано: 2 записів зіставлено.').waitFor();
    await page.getByLabel('Підстава для підтвердження особи').fill('Картка полоненого');
    await page.getByRole('button', { name: 'Особу підтверджено: t1' }).click();
    await page.getByRole('button', { name: 'Погоджено: t1' }).click();
    await page.getByRole('row').filter({ hasText: 't1' }).getByText('Погоджено').waitFor();
    const hand = page.getByRole('button', { name: 'Передати погоджених' });
    expect(await hand.isDisabled()).toBe(true);
    await page.getByLabel('Погоджені особи перейшли, як погоджено').check();
    await hand.click();
    await page.getByText('Передано полонених: 1; реєстр це відображає.').last().waitFor();
    violations.push(...(await checkScreen(page, 'exchange-04-handover')));
    const pows = (await (await context.request.get(`${server.url}/api/v1/enemy-pows`)).json()) as {
      items: { external_id: string; state: string }[];
    };
    expect(pows.items.find((p) => p.external_id === 'p1')?.state).toBe('handed_over');
    expect(pows.items.find((p) => p.external_id === 'p2')?.state).toBe('held');
  });

  it('has no serious or critical accessibility violation on these screens', () => {
    expect(violations).toEqual([]);
  });
});
