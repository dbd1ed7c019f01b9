import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  browserAvailable,
  checkScreen,
  launchBrowser,
  loginByApi,
  startServer,
  type TestServer,
} from './harness.js';

const RUN = browserAvailable();

// Generated people only (the harness seeds them).
describe.skipIf(!RUN)('public statistics in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const violations: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ persons: 300 }), launchBrowser()]);
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a publisher builds a draft, reviews its hidden cells and publishes it', async () => {
    await loginByApi(context, server, server.publisher);
    await page.goto(`${server.url}/statistics/releases`);
    await page.getByRole('heading', { name: 'Випуски статистики' }).waitFor();
    await page.getByLabel('Поріг k').fill('10');
    await page.getByRole('button', { name: 'Сформувати чернетку' }).click();
    const review = page.getByRole('region', { name: /Приховані клітинки \(\d+\)/ });
    await review.waitFor();
    // every hidden cell shows its true count and why
    expect(await review.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await review.textContent()).toMatch(/менше порогу/);
    violations.push(...(await checkScreen(page, 'stat-01-review')));
    await page.getByRole('button', { name: 'Я перевірив(ла) приховані клітинки' }).click();
    await page.getByRole('button', { name: 'Опублікувати' }).click();
    await page.getByText('Опубліковано як випуск 1.').waitFor();
  });

  it('shows the release to anyone, in Ukrainian, on a 360 px phone: charts with their tables', async () => {
    const phone = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
    const p = await phone.newPage();
    try {
      await p.goto(`${server.url}/statistics`);
      await p.getByRole('heading', { name: 'Публічна статистика', level: 1 }).waitFor();
      await p.getByText('Випуск 1', { exact: true }).waitFor();
      expect(await p.locator('html').getAttribute('lang')).toBe('uk');
      const charts = p.getByRole('img', { name: /^Діаграма: / });
      expect(await charts.count()).toBeGreaterThanOrEqual(3);
      await p.getByRole('img', { name: 'Діаграма: Особи за категорією та статусом' }).waitFor();
      await p.getByRole('region', { name: 'Таблиця: Особи за категорією та статусом' }).waitFor();
      expect(await p.getByRole('table').count()).toBeGreaterThanOrEqual(6);
      // nothing wider than the screen but the scrollable tables themselves
      const overflow = await p.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      );
      expect(overflow).toBeLessThanOrEqual(360);
      await p.getByRole('link', { name: 'Увесь випуск (JSON)' }).waitFor();
      violations.push(...(await checkScreen(p, 'stat-02-public-360')));
    } finally {
      await phone.close();
    }
  });

  it('has no serious or critical accessibility violation on these screens', () => {
    expect(violations).toEqual([]);
  });
});
