import { SMTPServer } from 'smtp-server';
import { solveChallenge } from 'altcha-lib/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  browserAvailable,
  checkScreen,
  launchBrowser,
  loginByApi,
  startServer,
  uncheckedScreens,
  type TestServer,
} from './harness.js';

const RUN = browserAvailable();

/** A real SMTP server on a free port that keeps what it receives (the server's outbox delivers to it). */
async function mailServer() {
  const received: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Waits (polling, no fixed sleep) until `probe` returns a value. */
async function eventually<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits (polling, no fixed sleep) until the async `probe` holds. */
async function until(what: string, probe: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Mail bodies arrive quoted-printable or base64 encoded; decode enough to search them. */
function mailText(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1] ?? '';
  const words = subject.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
  let text = body;
  if (/content-transfer-encoding: base64/i.test(head)) text = Buffer.from(body, 'base64').toString('utf8');
  if (/content-transfer-encoding: quoted-printable/i.test(head)) {
    text = Buffer.from(
      body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  }
  return `${words.replace(/\s+/g, ' ')}\n${text}`;
}

/** A tiny valid PNG (1×1), standing in for a scanned birth certificate. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

// Generated people only: the names below are made up for the test.
const SOUGHT = { family_name: 'Гордієнко', given_name: 'Святослав', patronymic: 'Миколайович' };
const PUBLIC_SCREENS = [
  'trace-01-form-360',
  'trace-02-filed-360',
  'trace-05-status-360',
  'trace-06-wrong-code',
];

describe.skipIf(!RUN)('tracing requests in a real browser: a relative files, staff answer', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof mailServer>>;
  let browser: Browser;
  let phone: BrowserContext;
  let relative: Page;
  let staff: BrowserContext;
  let desk: Page;
  let csrf = '';
  const violations: string[] = [];
  const ids: Record<string, string> = {};
  let filed = { case_number: '', access_code: '' };
  const EMAIL = 'e2e-mother@example.org';

  /** Writes through the API as the signed-in registrar (fixtures the walk-through needs). */
  const post = async (path: string, data: unknown, expected = 200) => {
    const res = await staff.request.post(`${server.url}/api/v1/${path}`, {
      data,
      headers: { 'x-csrf-token': csrf },
    });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(expected);
    return (await res.json()) as Record<string, string>;
  };
  const record = async (external_id: string, over: Record<string, string>) =>
    (
      await post(
        'records',
        { source: 'e2e unit list', external_id, category: 'military', sex: 'male', ...over },
        201,
      )
    )['person_id'] as string;

  /** Files a request as a script would: the contract's JSON, after solving the proof-of-work. */
  const fileByApi = async (sought: Record<string, string>, email: string) => {
    const c = (await (await fetch(`${server.url}/api/v1/public/challenge`)).json()) as {
      enabled: boolean;
      algorithm: string;
      challenge: string;
      maxnumber: number;
      salt: string;
      signature: string;
    };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (c.enabled) {
      const s = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
      const payload = {
        algorithm: c.algorithm,
        challenge: c.challenge,
        number: s?.number,
        salt: c.salt,
        signature: c.signature,
      };
      headers['x-altcha'] = Buffer.from(JSON.stringify(payload)).toString('base64');
    }
    const res = await fetch(`${server.url}/api/v1/public/tracing-requests`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        requester: { name: 'Генерований Заявник', email, relationship: 'sibling' },
        sought,
        consent: { tracing: true },
      }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { case_number: string; access_code: string };
  };
  const requestIdOf = async (caseNumber: string) => {
    const res = await staff.request.get(`${server.url}/api/v1/tracing-requests?limit=500`);
    const items = ((await res.json()) as { items: { id: string; case_number: string }[] }).items;
    const id = items.find((i) => i.case_number === caseNumber)?.id;
    if (!id) throw new Error(`case ${caseNumber} is not in the queue`);
    return id;
  };
  const statusOf = async (p: Page, caseNumber: string, code: string) => {
    await p.goto(`${server.url}/trace/status`);
    await p.getByLabel('Номер справи').fill(caseNumber);
    await p.getByLabel('Код доступу').fill(code);
    await p.getByRole('button', { name: 'Відкрити справу' }).click();
  };

  beforeAll(async () => {
    smtp = await mailServer();
    [server, browser] = await Promise.all([
      startServer({
        persons: 100,
        env: {
          HOMECOMING_SMTP_URL: smtp.url,
          HOMECOMING_MAIL_FROM: 'Homecoming <no-reply@localhost>',
          // The test's own lookups and its flood of wrong codes all come from 127.0.0.1.
          HOMECOMING_PUBLIC_RATE_PER_MINUTE: '5000',
          // The real proof of work, made easy so the walk-through stays fast.
          HOMECOMING_PUBLIC_CHALLENGE_MAX_NUMBER: '5000',
        },
        accounts: { 'e2e-tracer': 'tracing_officer' },
      }),
      launchBrowser(),
    ]);
    // The relative: a 360 px phone, whose browser speaks English — the pages still open in Ukrainian.
    phone = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
    relative = await phone.newPage();
    staff = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await loginByApi(staff, server, server.registrar);
    desk = await staff.newPage();
    csrf = (
      (await (await staff.request.get(`${server.url}/api/v1/auth/session`)).json()) as {
        csrf_token: string;
      }
    ).csrf_token;
    // The sought man as a unit list has him; a withheld man; a man whose death will be reported.
    ids['sought'] = await record('t-1', { ...SOUGHT, birth_date: '1991-04-17', status: 'missing' });
    ids['withheld'] = await record('t-2', {
      family_name: 'Остапчук',
      given_name: 'Веніамін',
      patronymic: 'Ярославович',
      birth_date: '1979-09-02',
      status: 'captivity_confirmed',
    });
    await post(`persons/${ids['withheld']}/withhold`, { withheld: true });
    ids['dead'] = await record('t-3', {
      family_name: 'Заболотний',
      given_name: 'Феофан',
      patronymic: 'Іларіонович',
      birth_date: '1983-12-30',
      status: 'missing',
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('a relative files a request in Ukrainian on a 360 px phone, with a document, and is mailed the case number only', async () => {
    await relative.goto(`${server.url}/trace`);
    await relative.getByRole('heading', { name: 'Запит на розшук рідної людини', level: 1 }).waitFor();
    expect(await relative.locator('html').getAttribute('lang')).toBe('uk');
    await relative.getByLabel("Ваше повне ім'я").fill('Генерована Мати');
    await relative.getByLabel('Електронна пошта').fill(EMAIL);
    await relative.getByLabel('Ким ви їй доводитеся').selectOption('parent');
    await relative.getByLabel('Прізвище', { exact: true }).fill(SOUGHT.family_name);
    await relative.getByLabel("Ім'я", { exact: true }).fill(SOUGHT.given_name);
    await relative.getByLabel('По батькові (необов’язково)').fill(SOUGHT.patronymic);
    await relative.getByLabel('Дата або рік народження (необов’язково)').fill('17.04.1991');
    await relative.getByLabel('Кого шукаєте (необов’язково)').selectOption('serviceman');
    await relative.getByLabel(/Я погоджуюся на обробку запиту/).check();
    await relative.getByLabel(/Документи, що підтверджують спорідненість/).setInputFiles({
      name: 'svidotstvo.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    const width = await relative.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(360);
    violations.push(...(await checkScreen(relative, 'trace-01-form-360')));
    // The real proof-of-work runs in the page before the request is sent.
    await relative.getByRole('button', { name: 'Надіслати запит' }).click();
    await relative.getByRole('heading', { name: 'Ваш запит зареєстровано' }).waitFor({ timeout: 30_000 });
    filed = {
      case_number: (await relative.getByTestId('case-number').textContent()) ?? '',
      access_code: (await relative.getByTestId('access-code').textContent()) ?? '',
    };
    expect(filed.case_number).toMatch(/^HC-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(filed.access_code.replace(/[^0-9A-Z]/gi, '').length).toBeGreaterThanOrEqual(16);
    violations.push(...(await checkScreen(relative, 'trace-02-filed-360')));

    const mail = await eventually('the confirmation mail', () =>
      smtp.received.find((m) => m.to.includes(EMAIL)),
    );
    const text = mailText(mail.raw);
    expect(text).toContain(filed.case_number);
    expect(text).not.toContain(filed.access_code);
    for (const n of Object.values(SOUGHT)) expect(text).not.toContain(n);
  });

  it('a relative whose document upload is cut off (a phone losing the network) still gets the case number and the code', async () => {
    const context = await browser.newContext({ locale: 'uk-UA', viewport: { width: 360, height: 740 } });
    try {
      const page = await context.newPage();
      // The request goes through; the document's upload is cut off on the way.
      await page.route('**/api/v1/public/tracing-requests/documents', (route) =>
        route.abort('internetdisconnected'),
      );
      await page.goto(`${server.url}/trace`);
      await page.getByRole('heading', { name: 'Запит на розшук рідної людини', level: 1 }).waitFor();
      await page.getByLabel("Ваше повне ім'я").fill('Генерована Сестра');
      await page.getByLabel('Електронна пошта').fill('e2e-sister@example.org');
      await page.getByLabel('Ким ви їй доводитеся').selectOption('sibling');
      await page.getByLabel('Прізвище', { exact: true }).fill('Обірваний');
      await page.getByLabel("Ім'я", { exact: true }).fill('Зв’язок');
      await page.getByLabel(/Я погоджуюся на обробку запиту/).check();
      await page.getByLabel(/Документи, що підтверджують спорідненість/).setInputFiles({
        name: 'dovidka.png',
        mimeType: 'image/png',
        buffer: PNG,
      });
      await page.getByRole('button', { name: 'Надіслати запит' }).click();
      // Shown once, and the only way into the case: it must not be lost to a failed attachment.
      await page.getByRole('heading', { name: 'Ваш запит зареєстровано' }).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('case-number').textContent()).toMatch(/^HC-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect((await page.getByTestId('access-code').textContent())?.length).toBeGreaterThanOrEqual(16);
      expect(await page.getByRole('alert').textContent()).toContain('dovidka.png');
    } finally {
      await context.close();
    }
  });

  it('a relative whose answer is lost on a slow network taps again, or reloads mid-sending, and gets one case, the form kept', async () => {
    const cases = async () =>
      (
        (await (await staff.request.get(`${server.url}/api/v1/tracing-requests?limit=500`)).json()) as {
          items: { case_number: string }[];
        }
      ).items.map((i) => i.case_number);
    const before = await cases();
    const context = await browser.newContext({ locale: 'uk-UA', viewport: { width: 360, height: 740 } });
    try {
      const page = await context.newPage();
      // A slow mobile network (CDP throttling: 400 ms latency, ~50 KB/s).
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 400,
        downloadThroughput: 50 * 1024,
        uploadThroughput: 50 * 1024,
      });
      // The first sending reaches the server and is filed, but its answer never reaches the phone.
      let lost = 0;
      await page.route('**/api/v1/public/tracing-requests', async (route) => {
        if (lost++ === 0) {
          await route.fetch();
          await route.abort('timedout');
        } else await route.continue();
      });
      await page.goto(`${server.url}/trace`);
      await page.getByRole('heading', { name: 'Запит на розшук рідної людини', level: 1 }).waitFor();
      await page.getByLabel("Ваше повне ім'я").fill('Генерований Батько');
      await page.getByLabel('Електронна пошта').fill('e2e-father@example.org');
      await page.getByLabel('Ким ви їй доводитеся').selectOption('parent');
      await page.getByLabel('Прізвище', { exact: true }).fill('Повторенко');
      await page.getByLabel("Ім'я", { exact: true }).fill('Двічі');
      await page.getByLabel(/Я погоджуюся на обробку запиту/).check();
      await page.getByRole('button', { name: 'Надіслати запит' }).click();
      await page.getByRole('alert').waitFor({ timeout: 60_000 });
      // A reload after the failure keeps what was typed.
      await page.reload();
      await page.getByRole('heading', { name: 'Запит на розшук рідної людини', level: 1 }).waitFor();
      expect(await page.getByLabel('Прізвище', { exact: true }).inputValue()).toBe('Повторенко');
      expect(await page.getByLabel('Електронна пошта').inputValue()).toBe('e2e-father@example.org');
      expect(await page.getByLabel(/Я погоджуюся на обробку запиту/).isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Надіслати запит' }).click();
      await page.getByRole('heading', { name: 'Ваш запит зареєстровано' }).waitFor({ timeout: 60_000 });
      const caseNumber = (await page.getByTestId('case-number').textContent()) ?? '';
      const code = (await page.getByTestId('access-code').textContent()) ?? '';
      const made = (await cases()).filter((c) => !before.includes(c));
      expect(made).toEqual([caseNumber]);
      // The code shown opens the case; the form is empty again after it was filed (nothing kept).
      const opened = await page.request.post(`${server.url}/api/v1/public/tracing-requests/status`, {
        data: { case_number: caseNumber, access_code: code },
      });
      expect(opened.status()).toBe(200);
      await page.goto(`${server.url}/trace`);
      await page.getByRole('heading', { name: 'Запит на розшук рідної людини', level: 1 }).waitFor();
      expect(await page.getByLabel('Прізвище', { exact: true }).inputValue()).toBe('');
    } finally {
      await context.close();
    }
  });

  it('a tracing officer finds it in the queue, sees the document, verifies kinship and links the first candidate', async () => {
    const officer = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    try {
      await loginByApi(officer, server, server.accounts['e2e-tracer']);
      const p = await officer.newPage();
      await p.goto(`${server.url}/tracing`);
      await p.getByRole('heading', { name: 'Запити на розшук', level: 1 }).waitFor();
      await p.getByLabel('Етап').selectOption('received');
      await p.getByRole('link', { name: filed.case_number }).click();
      await p.getByRole('heading', { name: `Запит на розшук ${filed.case_number}` }).waitFor();
      violations.push(...(await checkScreen(p, 'trace-03-staff-request')));
      // The kinship document is offered for download only.
      const doc = p.getByRole('link', { name: 'Документ 1 (завантажити)' });
      expect(await doc.getAttribute('download')).not.toBeNull();
      const download = await Promise.all([p.waitForEvent('download'), doc.click()]).then(([d]) => d);
      expect((await download.createReadStream()) !== null).toBe(true);
      // The right man is the first candidate, named, with a score and why.
      const cands = p.getByRole('region', { name: 'Кандидати в реєстрі' });
      const first = cands.locator('tbody tr').first();
      expect(await first.textContent()).toContain(`${SOUGHT.family_name} ${SOUGHT.given_name}`);
      await p.getByRole('button', { name: 'Спорідненість перевірено' }).click();
      await p.getByText('Спорідненість позначено як перевірену.').waitFor();
      await p.getByRole('button', { name: 'Пов’язати з кандидатом 1' }).click();
      await p
        .getByText('Запит пов’язано; його опис додано до справи особи як повідомлення родини.')
        .waitFor();
      expect(await p.getByTestId('request-state').textContent()).toBe('знайдено в реєстрі');
      // A tracing officer records no events: the confirmation is the registrar's.
      expect(await p.getByRole('heading', { name: 'Записати підтвердження' }).count()).toBe(0);
    } finally {
      await officer.close();
    }
  });

  it('a registrar records the ICRC confirmation on the request; the family gets a content-free mail', async () => {
    ids['request'] = await requestIdOf(filed.case_number);
    await desk.goto(`${server.url}/tracing/${ids['request']}`);
    await desk.getByRole('heading', { name: 'Записати підтвердження' }).waitFor();
    await desk.getByLabel('Дата повідомлення').fill('02.11.2026');
    await desk.getByLabel('Посилання на документ (необов’язково)').fill('e2e ICRC notification');
    const before = smtp.received.length;
    await desk.getByRole('button', { name: 'Записати підтвердження МКЧХ' }).click();
    await desk.getByText('Підтвердження МКЧХ записано.').waitFor();
    await desk.getByTestId('disclosed-status').filter({ hasText: 'Полон підтверджено' }).waitFor();
    await desk.getByLabel('Перевести справу на етап').selectOption('answered');
    await desk.getByRole('button', { name: 'Перевести', exact: true }).click();
    await desk.getByTestId('request-state').filter({ hasText: 'надано відповідь' }).waitFor();

    const news = await eventually('the news mail', () =>
      smtp.received.slice(before).find((m) => m.to.includes(EMAIL)),
    );
    const text = mailText(news.raw);
    expect(text).toContain(filed.case_number);
    expect(text).not.toMatch(/полон|captivity|confirmed|підтверджено/i);
    for (const n of Object.values(SOUGHT)) expect(text).not.toContain(n);
    expect(text).not.toContain(filed.access_code);
    // The request's file shows both mails as delivered (marked so just after the SMTP server took them).
    await until('the outbox to show both mails delivered', async () => {
      await desk.reload();
      await desk.getByRole('heading', { name: 'Листи заявникові' }).waitFor();
      const states = await desk.getByTestId('mail-state').allTextContents();
      return states.length >= 2 && states.every((s) => s.startsWith('доставлено'));
    });
    violations.push(...(await checkScreen(desk, 'trace-04-staff-answered')));
    // The person's file lists the request that points at it.
    await desk.goto(`${server.url}/persons/${ids['sought']}`);
    await desk.getByRole('heading', { name: 'Запити на розшук цієї особи' }).waitFor();
    await desk.getByRole('link', { name: filed.case_number }).waitFor();
  });

  it('the relative opens the case with the code on the phone and sees "captivity confirmed"', async () => {
    await statusOf(relative, filed.case_number, filed.access_code);
    await relative.getByTestId('status').filter({ hasText: 'Полон підтверджено' }).waitFor();
    expect(await relative.getByTestId('state').textContent()).toBe('надано відповідь');
    violations.push(...(await checkScreen(relative, 'trace-05-status-360')));
  });

  it('a wrong code and an unknown case answer exactly alike', async () => {
    await statusOf(relative, filed.case_number, 'WRONG-CODE-0000-0000');
    const wrong = relative.getByRole('alert');
    await wrong.waitFor();
    const a = await wrong.textContent();
    expect(a).toBe('Немає справи з таким номером і кодом доступу.');
    violations.push(...(await checkScreen(relative, 'trace-06-wrong-code')));
    await statusOf(relative, 'HC-0000-0000', 'WRONG-CODE-0000-0000');
    await relative.getByRole('alert').waitFor();
    expect(await relative.getByRole('alert').textContent()).toBe(a);
  });

  it('a flood of wrong codes locks only the case attacked', async () => {
    const attacked = await fileByApi(
      { family_name: 'Іваницький', given_name: 'Гордій', birth_date: '1990' },
      'e2e-other@example.org',
    );
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${server.url}/api/v1/public/tracing-requests/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ case_number: attacked.case_number, access_code: `WRONG-${i}` }),
      });
      expect([404, 429]).toContain(res.status);
    }
    // Even the right code is refused now, in words the relative understands...
    await statusOf(relative, attacked.case_number, attacked.access_code);
    await relative.getByRole('alert').filter({ hasText: 'Забагато спроб' }).waitFor();
    expect(await relative.getByTestId('status').count()).toBe(0);
    // ...while the first case, from the same address, still opens.
    await statusOf(relative, filed.case_number, filed.access_code);
    await relative.getByTestId('status').filter({ hasText: 'Полон підтверджено' }).waitFor();
  });

  it('a withheld person is never disclosed, even verified, linked and confirmed in captivity', async () => {
    const c = await fileByApi(
      {
        family_name: 'Остапчук',
        given_name: 'Веніамін',
        patronymic: 'Ярославович',
        birth_date: '02.09.1979',
      },
      'e2e-wife@example.org',
    );
    const id = await requestIdOf(c.case_number);
    await post(`tracing-requests/${id}/verify`, {});
    await post(`tracing-requests/${id}/link`, { person_id: ids['withheld'] });
    await statusOf(relative, c.case_number, c.access_code);
    await relative.getByTestId('status').filter({ hasText: 'Інформації поки немає' }).waitFor();
    expect(await relative.locator('main').textContent()).not.toMatch(/Полон|Остапчук/);
  });

  it('a death is never told by the portal or by mail: the case asks for a call and is queued for one', async () => {
    const c = await fileByApi(
      { family_name: 'Заболотний', given_name: 'Феофан', patronymic: 'Іларіонович', birth_date: '1983' },
      'e2e-son@example.org',
    );
    const id = await requestIdOf(c.case_number);
    await post(`tracing-requests/${id}/verify`, {});
    await post(`tracing-requests/${id}/link`, { person_id: ids['dead'] });
    const mails = async () =>
      (
        (await (await staff.request.get(`${server.url}/api/v1/tracing-requests/${id}/outbox`)).json()) as {
          items: { subject: string }[];
        }
      ).items.map((m) => m.subject);
    // Linking told the family there is news (information without captivity data)...
    const before = await mails();
    expect(before.filter((s) => s.includes('news'))).toHaveLength(1);
    await post(`persons/${ids['dead']}/events`, { type: 'death_reported', source: 'e2e unit report' }, 201);
    await statusOf(relative, c.case_number, c.access_code);
    await relative.getByTestId('status').filter({ hasText: "Наш працівник зв'яжеться з вами" }).waitFor();
    expect(await relative.locator('main').textContent()).not.toMatch(/смерт|загин|death/i);
    // ...the death adds no mail at all.
    expect(await mails()).toEqual(before);
    // The queue's "call the family" filter holds it, flagged.
    await desk.goto(`${server.url}/tracing?call=1`);
    const row = desk.getByRole('row').filter({ hasText: c.case_number });
    await row.waitFor();
    expect(await row.textContent()).toContain('зателефонувати родині');
    await desk.getByRole('link', { name: c.case_number }).click();
    await desk.getByText(/Про неї ніколи не повідомляють через портал чи поштою/).waitFor();
  });

  it('has no serious or critical accessibility violation on the public pages (nor on the staff screens)', () => {
    expect(uncheckedScreens(PUBLIC_SCREENS)).toEqual([]);
    expect(violations).toEqual([]);
  });
});
