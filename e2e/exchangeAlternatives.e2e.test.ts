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

// Generated people only: two namesakes a father's name apart, whom a list entry of the names and a birth
// year cannot tell apart (bench/RESULTS.md `lst`).
const NAMESAKES =
  'external_id,category,family_name,given_name,patronymic,sex,birth_date,status\n' +
  'n1,military,Кравчишин,Остап,Петрович,male,1991-04-02,captivity_reported\n' +
  'n2,military,Кравчишин,Остап,Миколайович,male,1991-09-17,captivity_reported\n';

describe.skipIf(!RUN)("an exchange board shows a possible entry's namesakes close behind its best", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const violations: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ persons: 20, records: NAMESAKES, accounts: { coordinator: 'exchange_coordinator' } }),
      launchBrowser(),
    ]);
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await loginByApi(context, server, server.accounts['coordinator'] as TestAccount);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the other namesake beside the entry with a link to his file, and verifies the entry as him', async () => {
    await page.goto(`${server.url}/exchanges`);
    await page.getByRole('heading', { name: 'Обміни', level: 1 }).waitFor();
    await page.getByLabel('Назва').fill('Обмін тезок');
    await page.getByRole('button', { name: 'Створити обмін' }).click();
    await page.getByRole('heading', { name: 'Обмін тезок', level: 1 }).waitFor();
    await page
      .getByLabel('Файл')
      .first()
      .setInputFiles({
        name: 'namesakes.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('external_id,family_name,given_name,birth_date\nk1,Кравчишин,Остап,1991\n'),
      });
    await page.getByRole('button', { name: 'Додати версію' }).click();
    await page.getByRole('heading', { name: 'Дошка верифікації (версія 1)' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'k1' });
    await row.getByRole('link', { name: 'на перевірку' }).waitFor();
    const shown = row.getByRole('list', { name: 'Також можливі, з близькою оцінкою:' });
    const other = shown.getByRole('link', { name: /^інша особа 1 \(оцінка -?\d+\.\d\)$/ });
    await other.waitFor();
    const otherHref = (await other.getAttribute('href')) ?? '';
    const bestHref = (await row.getByRole('link', { name: 'на перевірку' }).getAttribute('href')) ?? '';
    expect(otherHref).toMatch(/^\/persons\/[0-9a-f-]{36}$/);
    expect(otherHref).not.toBe(bestHref);
    violations.push(...(await checkScreen(page, 'exchange-alternatives-01-board')));

    // The coordinator decides the entry is the other namesake, with the evidence for it.
    await page.getByLabel('Підстава для підтвердження особи').fill('Повідомлення МКЧХ');
    await row.getByRole('button', { name: 'Особу підтверджено як іншу особу 1: k1' }).click();
    // The board read again: the entry's next step is offered (the state's own words are also a button's).
    await row.getByRole('button', { name: 'Погоджено: k1' }).waitFor();
    const exchangePath = new URL(page.url()).pathname;
    const board = (await (
      await context.request.get(`${server.url}/api/v1${exchangePath}/lists/ours`)
    ).json()) as { entries: { external_id: string; state: string }[] };
    expect(board.entries.find((e) => e.external_id === 'k1')?.state).toBe('identity_verified');
    // Once decided, the entry no longer offers to verify it as another person.
    expect(await row.getByRole('button', { name: /іншу особу/ }).count()).toBe(0);
    violations.push(...(await checkScreen(page, 'exchange-alternatives-02-verified')));
  });

  it('has no serious or critical accessibility violation on these screens', () => {
    expect(violations).toEqual([]);
  });
});
