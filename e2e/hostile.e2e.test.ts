import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  browserAvailable,
  launchBrowser,
  loginByApi,
  startServer,
  type TestAccount,
  type TestServer,
} from './harness.js';

const RUN = browserAvailable();

/**
 * Text an attacker would put wherever the registry takes text (a list, a form, a relative's request):
 * markup, a script end tag, a `javascript:` URL, the right-to-left override, and a line too long for any
 * layout. Generated, never a real person's name. Each marks the window if it ever runs.
 */
const HTML = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '</script><script>window.__pwned=2</script>';
const SVG = '"><svg onload="window.__pwned=3">';
const JS_URL = 'javascript:window.__pwned=4';
const RTL = 'Шев\u202Eоknehcvehs\u202C';
const LONG = 'Ш'.repeat(10_000);
/** Names are at most 200 characters everywhere: the longest one, in one unbroken word. */
const LONG_NAME = 'Ш'.repeat(200);

/** What one screen shows of the hostile text, and what it did with it. */
interface Verdict {
  pwned: unknown;
  handlers: string[];
  violations: string[];
  overflow: number;
  text: string;
}

// Run in the page (as text: the tests are type-checked without the DOM's types).
const VERDICT = `(() => {
  const handlers = [];
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const a of Array.from(el.attributes)) {
      if (a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value)) handlers.push(el.tagName + ' ' + a.name);
    }
  }
  return {
    pwned: window.__pwned ?? null,
    handlers,
    violations: window.__csp ?? [],
    // How far the page is wider than the window: a page that scrolls sideways by a whole name is unusable.
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    text: document.body.innerText,
  };
})()`;

/** Every CSP violation the page reports, kept where the verdict reads it. */
const WATCH_CSP = `window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`;

/** An inline script and an inline handler put into the page, as an injection would. */
const INJECT = `(() => {
  const s = document.createElement('script');
  s.textContent = 'window.__pwned = "inline"';
  document.body.append(s);
  const d = document.createElement('div');
  d.innerHTML = '<img src=x onerror="window.__pwned=\\'handler\\'">';
  document.body.append(d);
})()`;

async function verdictOf(page: Page): Promise<Verdict> {
  return page.evaluate<Verdict>(VERDICT);
}

// Generated people only; the hostile texts are the test's own.
describe.skipIf(!RUN)('hostile text in every screen that shows it, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: Record<string, BrowserContext> = {};
  const ids: Record<string, string> = {};

  const csrfOf = async (c: BrowserContext) =>
    (
      (await (await c.request.get(`${server.url}/api/v1/auth/session`)).json()) as {
        csrf_token: string;
      }
    ).csrf_token;
  const post = async (who: string, path: string, data: unknown, expected: number) => {
    const c = contexts[who] as BrowserContext;
    const res = await c.request.post(`${server.url}/api/v1/${path}`, {
      data,
      headers: { 'x-csrf-token': await csrfOf(c) },
    });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(expected);
    return (await res.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({
        persons: 30,
        env: { HOMECOMING_PUBLIC_CHALLENGE: 'off', HOMECOMING_PUBLIC_RATE_PER_MINUTE: '5000' },
        accounts: { 'e2e-tracer': 'tracing_officer', 'e2e-coordinator': 'exchange_coordinator' },
        // A list whose cells are hostile, as an import brings them.
        records: [
          'external_id,source,family_name,given_name,patronymic,unit,service_number,birth_date',
          `h-1,"${SVG.replaceAll('"', '""')}","${HTML.replaceAll('"', '""')}",${SCRIPT},${RTL},${JS_URL},=HYPERLINK(""x""),1990`,
          `h-2,e2e hostile list,${LONG_NAME},Олександр,,${LONG_NAME},,1990`,
        ].join('\n'),
      }),
      launchBrowser(),
    ]);
    for (const [who, account] of [
      ['registrar', server.registrar],
      ['auditor', server.auditor],
      ['tracer', server.accounts['e2e-tracer']],
      ['coordinator', server.accounts['e2e-coordinator']],
    ] as const) {
      const c = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
      await loginByApi(c, server, account as TestAccount);
      await c.addInitScript(WATCH_CSP);
      contexts[who] = c;
    }
    // A record entered by hand with hostile free text.
    const made = await post(
      'registrar',
      'records',
      {
        source: HTML,
        family_name: SCRIPT,
        given_name: HTML,
        // A name cell's tags are read off at import (names/markup.ts: no name holds "<" or ">"; the cell as
        // written stays in the record's attributes), so the script's text stands in free text too.
        marks: `${SVG} ${SCRIPT} ${LONG.slice(0, 1900)}`,
        attributes: { [HTML]: SCRIPT },
        category: 'military',
        birth_date: '1991',
      },
      201,
    );
    ids['person'] = made['person_id'] as string;
    await post(
      'registrar',
      `persons/${ids['person']}/events`,
      { type: 'captivity_reported', occurred_on: '2024-03-17', source: SVG, note: HTML },
      201,
    );
    // A relative's request whose every line is hostile.
    const filed = await fetch(`${server.url}/api/v1/public/tracing-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        requester: { name: HTML, email: 'e2e-hostile@example.org', relationship: 'sibling' },
        sought: {
          family_name: SCRIPT,
          given_name: HTML,
          patronymic: RTL,
          unit: JS_URL,
          last_seen_place: SVG,
          circumstances: `${HTML}\n${SCRIPT}\n${'Ш'.repeat(3900)}`,
        },
        consent: { tracing: true },
      }),
    });
    expect(filed.status, await filed.clone().text()).toBe(201);
    const queue = (await (
      await (contexts['tracer'] as BrowserContext).request.get(`${server.url}/api/v1/tracing-requests`)
    ).json()) as { items: { id: string }[] };
    ids['request'] = queue.items[0]?.id ?? '';
    // An exchange named with markup, with a list of hostile names.
    const exchange = await post('coordinator', 'exchanges', { name: SCRIPT + HTML }, 201);
    ids['exchange'] = exchange['id'] as string;
    const c = contexts['coordinator'] as BrowserContext;
    const list = await c.request.post(
      `${server.url}/api/v1/exchanges/${ids['exchange']}/lists/ours?file_name=hostile.csv`,
      {
        headers: { 'content-type': 'text/csv', 'x-csrf-token': await csrfOf(c) },
        data: Buffer.from(
          `external_id,family_name,given_name,patronymic,birth_date\nx1,"${HTML.replaceAll('"', '""')}",${SCRIPT},${RTL},1990\nx2,${LONG_NAME},Олександр,,1991\n`,
        ),
      },
    );
    expect(list.status(), await list.text()).toBe(201);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const screens: [string, string, () => string][] = [
    ['registrar', 'search by the markup', () => `/search?q=${encodeURIComponent('img src')}`],
    ['registrar', 'search by the long name', () => `/search?q=${'Ш'.repeat(20)}`],
    ['registrar', 'the person file', () => `/persons/${ids['person']}`],
    ['registrar', 'the review queue', () => '/review'],
    ['registrar', 'the imports', () => '/import'],
    ['auditor', 'the person file as the auditor', () => `/persons/${ids['person']}`],
    ['tracer', 'the tracing queue', () => '/tracing'],
    ['tracer', 'the tracing request', () => `/tracing/${ids['request']}`],
    ['coordinator', 'the exchanges', () => '/exchanges'],
    ['coordinator', 'the exchange', () => `/exchanges/${ids['exchange']}`],
  ];
  for (const lang of ['uk', 'en'] as const) {
    for (const [who, name, url] of screens) {
      it(`${name} (${lang}) shows the text as text, runs nothing, and stays usable`, async () => {
        const page = await (contexts[who] as BrowserContext).newPage();
        const dialogs: string[] = [];
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        await page.goto(`${server.url}/`);
        await page.evaluate(`localStorage.setItem('homecoming.language', '${lang}')`);
        await page.goto(`${server.url}${url()}`);
        await page.locator('main').waitFor();
        await page.waitForLoadState('networkidle');
        const v = await verdictOf(page);
        await page.close();
        expect(dialogs).toEqual([]);
        expect(v.pwned).toBeNull();
        expect(v.handlers).toEqual([]);
        expect(v.violations).toEqual([]);
        expect(v.overflow, `${name}: the page is wider than the window`).toBeLessThanOrEqual(0);
      });
    }
  }

  it('the hostile text is shown as text where it belongs', async () => {
    const page = await (contexts['registrar'] as BrowserContext).newPage();
    await page.goto(`${server.url}/persons/${ids['person']}`);
    await page.locator('main').waitFor();
    await page.waitForLoadState('networkidle');
    const v = await verdictOf(page);
    await page.close();
    expect(v.text).toContain('<img src=x onerror=');
    expect(v.text).toContain('</script><script>');
    // The family name as the import reads it: the script's tags read off, its text shown as text.
    expect(v.text).toContain('Family name\twindow.__pwned=2');
  });

  it('the Content-Security-Policy blocks an inline script that gets into the page', async () => {
    const res = await fetch(`${server.url}/search`);
    const csp = res.headers.get('content-security-policy') ?? '';
    // Scripts from the server's own files only; inline styles are allowed (React's style attributes).
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'));
    expect(scriptSrc?.trim()).toBe("script-src 'self'");
    const page = await (contexts['registrar'] as BrowserContext).newPage();
    await page.goto(`${server.url}/search`);
    await page.locator('main').waitFor();
    await page.evaluate(INJECT);
    // The violation is reported asynchronously; once it is, the script has had its chance.
    await expect
      .poll(async () => (await verdictOf(page)).violations.filter((x) => x.startsWith('script-src')).length)
      .toBeGreaterThanOrEqual(2);
    const v = await verdictOf(page);
    await page.close();
    expect(v.pwned).toBeNull();
  });
});
