/**
 * Web app performance on localhost, in Debian's Chromium (headless):
 *   - the search screen's first load (cold cache): navigation start → search box ready;
 *   - results rendered after the API answered: the app's `hc:search-render` measure;
 *   - first-screen JavaScript: the gzipped size of every script the search screen loads.
 * Targets (issue #6): < 1000 ms, < 200 ms, < 300 KB. Run: `npm run bench:web`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { browserAvailable, launchBrowser, loginByApi, startServer } from '../../e2e/harness.js';

const PERSONS = Number(process.env['BENCH_PERSONS'] ?? 5000);
const LOADS = 10;
const DIST = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
// Family names the generator uses, in three scripts (generated people only).
const QUERIES = [
  'Шевченко',
  'Коваленко Олександр',
  'Бондаренко Микола',
  'Ткаченко',
  'Kovalenko',
  'Shevchenko Oleksandr',
  'Мельник Ганна',
  'Александр Шевченко',
  'Бойко',
  'Kravchenko',
];

const round = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN);
const max = (xs: number[]) => round(Math.max(...xs));

async function main(): Promise<void> {
  if (!browserAvailable()) process.exit(2);
  const server = await startServer({ persons: PERSONS });
  const browser = await launchBrowser();
  try {
    const auth = await browser.newContext();
    await loginByApi(auth, server);
    const storageState = await auth.storageState();
    await auth.close();

    // First load, cold: a fresh context (empty cache) each time, signed in.
    const loads: number[] = [];
    let scripts: string[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ storageState, locale: 'uk-UA' });
      const page = await context.newPage();
      await page.goto(`${server.url}/search`);
      await page.waitForFunction(() => performance.getEntriesByName('hc:search-ready').length > 0);
      loads.push(
        await page.evaluate(() => performance.getEntriesByName('hc:search-ready')[0]?.startTime ?? NaN),
      );
      if (i === 0) {
        scripts = await page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .map((e) => new URL(e.name).pathname)
            .filter((p) => p.endsWith('.js')),
        );
      }
      await context.close();
    }

    // Render after the API answered, over ten searches in one page.
    const context = await browser.newContext({ storageState, locale: 'uk-UA' });
    const page = await context.newPage();
    await page.goto(`${server.url}/search`);
    const renders: number[] = [];
    const hits: number[] = [];
    for (const q of QUERIES) {
      await page.evaluate(() => performance.clearMeasures('hc:search-render'));
      await page.locator('#search-q').fill(q);
      await page.waitForFunction(() => performance.getEntriesByName('hc:search-render').length > 0);
      renders.push(
        await page.evaluate(() => performance.getEntriesByName('hc:search-render')[0]?.duration ?? NaN),
      );
      hits.push(await page.locator('li.hit').count());
    }
    await context.close();

    const gz = (file: string) => zlib.gzipSync(fs.readFileSync(file)).length;
    const firstScreen = scripts.map((p) => ({ file: p, gzip: gz(path.join(DIST, p)) }));
    const firstScreenKb = firstScreen.reduce((a, b) => a + b.gzip, 0) / 1024;
    const allJs = fs
      .readdirSync(path.join(DIST, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .reduce((a, f) => a + gz(path.join(DIST, 'assets', f)), 0);

    const result = {
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
      persons: PERSONS,
      first_load_ms: { median: median(loads), max: max(loads), runs: loads.length, target: 1000 },
      render_after_api_ms: {
        median: median(renders),
        max: max(renders),
        searches: renders.length,
        hits_per_search: median(hits),
        target: 200,
      },
      first_screen_js_kb_gzip: { total: Number(firstScreenKb.toFixed(1)), files: firstScreen, target: 300 },
      all_js_kb_gzip: Number((allJs / 1024).toFixed(1)),
    };
    fs.mkdirSync(path.join(DIST, '../../../bench/out'), { recursive: true });
    fs.writeFileSync(path.join(DIST, '../../../bench/out/web.json'), JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
