import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as OTPAuth from 'otpauth';
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  browserAvailable,
  checkScreen,
  hasRoute,
  launchBrowser,
  loginByApi,
  startServer,
  uncheckedScreens,
  type TestServer,
} from './harness.js';

const RUN = browserAvailable();

/** Every screen this file must reach and check with axe; one missing fails the accessibility test. */
const SCREENS = [
  '00-setup',
  '01-login',
  '01-login-totp',
  '02-add-record',
  '03-search',
  '04-person',
  '05-add-event',
  '06-review',
  '06-review-pending',
  '07-import',
  '08-import-done',
  '09-person-en',
  '10-person-auditor',
  '11-admin-totp-qr',
  '11-admin-recovery-codes',
  '12-admin-users',
  '12-admin-user-created',
  '12-admin-user-access',
  '13-setup-user',
  '13-setup-used',
  '14-admin-organisations',
  '15-tokens',
  '16-missing-soldier',
  '17-search-paging',
] as const;

/** The error message a field points at through aria-describedby (beside its hint, if it has one). */
async function fieldError(page: Page, field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  for (const id of ids) {
    const el = page.locator(`[id="${id}"].field-error`);
    if ((await el.count()) > 0) return (await el.textContent()) ?? '';
  }
  return '';
}

// A generated person (never a real one) entered through the app, then found in three scripts.
const PERSON = {
  source: 'e2e family report',
  family: 'Шевченко',
  given: 'Олександр',
  patronymic: 'Тарасович',
  birth: '1990-05-17',
};

describe.skipIf(!RUN)('the operator app in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const violations: string[] = [];
  let personUrl = '';
  const adminPassword = `admin-${Math.random().toString(36).slice(2)}-pass`;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ persons: 200 }), launchBrowser()]);
    context = await browser.newContext({ locale: 'uk-UA', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates the administrator from the first-run link, then logs a registrar in with the second factor', async () => {
    expect(server.setupLink).toMatch(/\/setup#/);
    await page.goto(server.setupLink);
    await page.getByRole('heading', { name: 'Перший запуск: створіть адміністратора' }).waitFor();
    await page.getByLabel('Ім’я користувача').fill('e2e-admin');
    await page.getByLabel('Пароль', { exact: true }).fill(adminPassword);
    await page.getByLabel('Пароль ще раз').fill(adminPassword);
    violations.push(...(await checkScreen(page, '00-setup')));
    await page.getByRole('button', { name: 'Створити адміністратора' }).click();
    await page.getByRole('heading', { name: 'Адміністратора створено.' }).waitFor();

    await page.goto(`${server.url}/search`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('heading', { name: 'Вхід' }).waitFor();
    await page.getByLabel('Ім’я користувача').fill(server.registrar.username);
    await page.getByLabel('Пароль').fill('not the password at all');
    await page.getByRole('button', { name: 'Далі' }).click();
    await page.getByText('Неправильне ім’я користувача, пароль або код.').waitFor();
    violations.push(...(await checkScreen(page, '01-login')));
    await page.getByLabel('Пароль').fill(server.registrar.password);
    await page.getByRole('button', { name: 'Далі' }).click();
    // First login: enrol the authenticator from the key the screen shows.
    const uri = await page
      .getByRole('link', { name: 'Відкрити в застосунку-автентифікаторі' })
      .getAttribute('href');
    const totp = OTPAuth.URI.parse(uri ?? '');
    if (!(totp instanceof OTPAuth.TOTP)) throw new Error('not a TOTP URI');
    violations.push(...(await checkScreen(page, '01-login-totp')));
    await page.getByLabel('Код', { exact: true }).fill(totp.generate());
    await page.getByRole('button', { name: 'Увійти' }).click();
    await page.getByRole('heading', { name: 'Ваші резервні коди' }).waitFor();
    await page.getByRole('button', { name: 'Я їх зберіг(ла)' }).click();
    await page.waitForURL(/\/search$/);
    expect(await page.locator('header').textContent()).toContain('e2e-registrar (реєстратор)');
  });

  it('adds a record through the form, with validation messages beside the fields', async () => {
    await page.goto(`${server.url}/records/new`);
    await page.getByRole('button', { name: 'Зберегти запис' }).click();
    const source = page.getByRole('textbox', { name: 'Джерело', exact: true });
    await expect.poll(() => source.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(page, source)).toBe('Обов’язкове поле.');
    await source.fill(PERSON.source);
    await page.getByLabel('Дата народження').fill('2090-01-01');
    await page.getByLabel('Прізвище').fill(PERSON.family);
    await page.getByRole('textbox', { name: 'Ім’я', exact: true }).fill(PERSON.given);
    await page.getByLabel('По батькові').fill(PERSON.patronymic);
    await page.getByLabel('Категорія').selectOption('military');
    await page.getByLabel('Статус').selectOption('captivity_reported');
    await page.getByRole('button', { name: 'Зберегти запис' }).click();
    // The server's rule (no future birth dates) comes back beside its field, in Ukrainian.
    const birth = page.getByLabel('Дата народження');
    await expect.poll(() => birth.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(page, birth)).toBe('Ця дата ще не настала.');
    violations.push(...(await checkScreen(page, '02-add-record')));
    await birth.fill(PERSON.birth);
    await page.getByRole('button', { name: 'Зберегти запис' }).click();
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    personUrl = page.url();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`${PERSON.family} ${PERSON.given} ${PERSON.patronymic}`);
  });

  for (const [script, query] of [
    ['Ukrainian', 'Шевченко Олександр Тарасович'],
    ['Russian', 'Александр Тарасович Шевченко'],
    ['Latin', 'Oleksandr Shevchenko Tarasovych'],
  ] as const) {
    it(`finds the person by a ${script} spelling and opens the result with the keyboard`, async () => {
      await page.goto(`${server.url}/search`);
      const box = page.getByRole('combobox', { name: 'Ім’я' });
      await box.fill(query);
      await page.getByLabel('Дата або рік народження').fill('1990');
      const first = page.getByRole('listbox', { name: 'Результати' }).getByRole('option').first();
      await expect.poll(() => first.textContent(), { timeout: 10_000 }).toContain(PERSON.patronymic);
      expect(await first.textContent()).toContain('Повідомлено про полон');
      // Category and status apart: "military" says nothing of captivity; the status says that.
      expect(await first.textContent()).toContain('Військовий');
      expect(await first.textContent()).not.toContain('полонений');
      // The Latin spelling (KMU 2010) of the Ukrainian name.
      expect(await first.textContent()).toContain('Shevchenko Oleksandr Tarasovych');
      if (script === 'Ukrainian') violations.push(...(await checkScreen(page, '03-search')));
      await box.focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      await page.waitForURL(personUrl);
    });
  }

  it("shows the person's file: records side by side, status and who asserted it, the timeline", async () => {
    await page.goto(personUrl);
    await page.getByRole('heading', { name: 'Хронологія' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(PERSON.source);
    expect(text).toContain('Повідомлено про полон');
    expect(text).toContain('17.05.1990');
    violations.push(...(await checkScreen(page, '04-person')));
  });

  it('adds an event dated dd.mm.yyyy, with an impossible date caught beside its field, and shows it on the timeline', async () => {
    await page.goto(personUrl);
    await page.getByRole('link', { name: 'Додати подію' }).click();
    await page.getByLabel('Що сталося').selectOption('captivity_confirmed');
    const when = page.getByLabel('Коли');
    await when.fill('31.02.2024');
    await page.getByLabel('Достовірність').selectOption('confirmed');
    await page.getByRole('button', { name: 'Зберегти подію' }).click();
    await expect.poll(() => when.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(page, when)).toBe('Такої дати не існує.');
    await when.fill('17.3.2');
    await page.getByRole('button', { name: 'Зберегти подію' }).click();
    await expect.poll(() => fieldError(page, when)).toBe('Формат: ДД.ММ.РРРР, ММ.РРРР або РРРР.');
    violations.push(...(await checkScreen(page, '05-add-event')));
    // The way every Ukrainian office writes a date.
    await when.fill('17.03.2024');
    await page.getByLabel('Джерело').fill('e2e ICRC notification');
    await page.getByRole('button', { name: 'Зберегти подію' }).click();
    await page.waitForURL(personUrl);
    await page.getByText('e2e ICRC notification').first().waitFor();
    const timeline = (await page.locator('.timeline').textContent()) ?? '';
    expect(timeline).toContain('Полон підтверджено');
    expect(timeline).toContain('17.03.2024');
    // Who entered it: a user name and organisation, never an id.
    expect(timeline).toContain('вніс e2e-registrar (');
    expect(timeline).not.toMatch(/вніс [0-9a-f]{8}-/);
    expect(await page.locator('.status').first().textContent()).toBe('Полон підтверджено');
  });

  it('reviews a candidate pair side by side; A waits with undo, then accepts', async () => {
    expect(await hasRoute(`${server.url}/api/v1/review/pairs`)).toBe(true);
    // Three sources on one generated man: two agree (linked at once), the third gives the names and a birth
    // year a year off, and so only queues for review (more likely the same man than not, not sure enough to
    // link; since fs-12 the names alone fall just below even odds, as a common surname and a father's name
    // that many share say little). Written through the API as the signed-in registrar.
    const session = (await (await page.request.get(`${server.url}/api/v1/auth/session`)).json()) as {
      csrf_token: string;
    };
    const create = async (data: Record<string, string>) => {
      const res = await page.request.post(`${server.url}/api/v1/records`, {
        data,
        headers: { 'x-csrf-token': session.csrf_token },
      });
      expect(res.status()).toBe(201);
      return ((await res.json()) as { person_id: string }).person_id;
    };
    const man = {
      category: 'military',
      family_name: 'Коваленко',
      given_name: 'Андрій',
      patronymic: 'Іванович',
      sex: 'male',
    };
    const first = await create({ ...man, source: 'e2e family desk', birth_date: '1988-02-11' });
    const second = await create({
      source: 'e2e other side list',
      source_type: 'other_side_list',
      family_name: 'Kovalenko',
      given_name: 'Andrei',
      patronymic: 'Ivanovich',
      birth_date: '1988-02-11',
      status: 'captivity_reported',
    });
    expect(second).toBe(first);
    const third = await create({ ...man, source: 'e2e hotline', birth_date: '1989' });
    expect(third).not.toBe(first);

    await page.goto(`${server.url}/review`);
    const table = page.getByRole('table', { name: 'Дві особи поруч; рядки з розбіжностями позначено' });
    await table.waitFor();
    // Skip (S) past any other pair until ours is shown.
    for (let i = 0; i < 10 && !((await table.textContent()) ?? '').includes('e2e hotline'); i++) {
      await page.keyboard.press('s');
    }
    expect(await table.textContent()).toContain('e2e hotline');
    expect(await table.locator('tr.differs th').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Дата народження')]),
    );
    expect(await page.getByRole('table', { name: 'Чому це може бути одна особа' }).textContent()).toContain(
      'не вказано',
    );
    // The pairs waiting, and the score in words (prior + weights; what the thresholds mean).
    expect(await page.locator('main').textContent()).toMatch(/Чека(є|ють) \d+ пар/);
    expect(await page.locator('.explain').textContent()).toMatch(
      /Оцінка .* = початкові шанси .* \+ ваги полів/,
    );
    violations.push(...(await checkScreen(page, '06-review')));
    // A: nothing is sent yet; U undoes it.
    await page.keyboard.press('a');
    await page.getByText(/Ці дві особи буде об’єднано за \d с\./).waitFor();
    violations.push(...(await checkScreen(page, '06-review-pending')));
    await page.keyboard.press('u');
    await page.getByText('Скасовано: нічого не змінено.').waitFor();
    const still = (await (await page.request.get(`${server.url}/api/v1/persons/${third}`)).json()) as {
      id: string;
    };
    expect(still.id).toBe(third);
    // A again, and let the countdown run out.
    await page.keyboard.press('a');
    await page.getByText('Прийнято: об’єднано в одну особу.').waitFor({ timeout: 15_000 });
    const merged = (await (await page.request.get(`${server.url}/api/v1/persons/${third}`)).json()) as {
      id: string;
      record_count: number;
    };
    expect(merged).toMatchObject({ id: first, record_count: 3 });
  });

  it('imports a small CSV with one bad row, shows progress, and lists the rejected row', async () => {
    await page.goto(`${server.url}/import`);
    const csv = [
      'external_id,source,category,family_name,given_name,sex,birth_date,status',
      'e1,e2e list,military,Бондаренко,Микола,male,1985,missing',
      'e2,e2e list,military,Ткачук,Андрій,male,1987-02-30,missing',
      'e3,e2e list,civilian_detainee,Мельник,Ганна,female,1979-11,captivity_reported',
    ].join('\n');
    await page.getByLabel('Файл CSV').setInputFiles({
      name: 'e2e.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    violations.push(...(await checkScreen(page, '07-import')));
    await page.getByRole('button', { name: 'Почати імпорт' }).click();
    await page.getByRole('heading', { name: 'Імпорт завершено' }).waitFor({ timeout: 30_000 });
    const table = page.getByRole('region', { name: 'Відхилені рядки' }).getByRole('table');
    await table.waitFor();
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('e2');
    expect(rows[0]).toContain('Дата народження');
    expect(await page.locator('dl').first().textContent()).toMatch(/Записано записів\s*2/);
    // The linking counts, as the CLI prints them.
    expect(await page.locator('dl').first().textContent()).toMatch(/Пов’язано з відомими особами\s*\d+/);
    expect(await page.locator('dl').first().textContent()).toMatch(
      /Нові особи з можливим збігом \(на перевірку\)\s*\d+/,
    );
    violations.push(...(await checkScreen(page, '08-import-done')));
  });

  it('imports an Excel CSV from a Ukrainian Windows (cp1251, semicolons, ПІБ) and says how it read it', async () => {
    await page.goto(`${server.url}/import`);
    const text = ['ПІБ;Дата народження;Стать', 'Гончаренко Богдан Степанович;14.03.1983;ч', ''].join('\r\n');
    await page.getByLabel('Файл CSV').setInputFiles({
      name: 'список.csv',
      mimeType: 'text/csv',
      buffer: iconv.encode(text, 'windows-1251'),
    });
    await page.getByLabel('Джерело для рядків без нього').fill('e2e office list');
    await page.getByRole('button', { name: 'Почати імпорт' }).click();
    await page.getByRole('heading', { name: 'Імпорт завершено' }).waitFor({ timeout: 30_000 });
    const detected = page.getByRole('region', { name: 'Як прочитано файл' });
    await detected.waitFor();
    expect(await detected.locator('dl').textContent()).toMatch(/Кодуванняwindows-1251.*Роздільник;/);
    const columns = await detected.getByRole('table').locator('tbody tr').allTextContents();
    expect(columns[0]).toMatch(/^ПІБ/);
    expect(await page.locator('dl').first().textContent()).toMatch(/Записано записів\s*1/);
    expect(await page.locator('dl').first().textContent()).toMatch(/Пов’язано з відомими особами\s*0/);
    violations.push(...(await checkScreen(page, '08b-import-office')));
  });

  it("shows an auditor who viewed the person's file, and nothing of the file itself", async () => {
    const auditorContext = await browser.newContext({ locale: 'uk-UA' });
    try {
      await loginByApi(auditorContext, server, server.auditor);
      const auditorPage = await auditorContext.newPage();
      await auditorPage.goto(personUrl);
      const viewers = auditorPage.getByRole('table');
      await auditorPage.getByRole('heading', { name: 'Хто переглядав цю справу' }).waitFor();
      await expect.poll(() => viewers.locator('tbody tr').count()).toBeGreaterThan(0);
      // The reader by name and organisation, not a bare id.
      await expect.poll(() => viewers.textContent()).toContain('e2e-registrar (');
      expect(await auditorPage.locator('main').textContent()).not.toContain(PERSON.patronymic);
      violations.push(...(await checkScreen(auditorPage, '10-person-auditor')));
    } finally {
      await auditorContext.close();
    }
  });

  it('switches to English: strings follow, dates stay day first', async () => {
    await page.goto(personUrl);
    await page.getByLabel('Мова').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { name: 'Timeline' }).count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('17.05.1990');
    expect(await page.locator('main').textContent()).not.toContain('05/17/1990');
    violations.push(...(await checkScreen(page, '09-person-en')));
    await page.getByLabel('Language').selectOption('uk');
  });

  it('an admin enrols with a QR code, lands on the users screen, and hands a new user a setup link', async () => {
    const adminContext = await browser.newContext({
      locale: 'uk-UA',
      viewport: { width: 1280, height: 900 },
    });
    try {
      const admin = await adminContext.newPage();
      await admin.goto(`${server.url}/login`);
      await admin.getByLabel('Ім’я користувача').fill('e2e-admin');
      await admin.getByLabel('Пароль').fill(adminPassword);
      await admin.getByRole('button', { name: 'Далі' }).click();
      await admin
        .getByRole('img', { name: /QR-код ключа/ })
        .waitFor()
        .catch(async (err: unknown) => {
          const shown =
            (await admin
              .locator('main')
              .textContent()
              .catch(() => null)) ?? '(nothing)';
          throw new Error(`the enrolment screen did not appear; the screen showed: ${shown}`, {
            cause: err,
          });
        });
      expect(await admin.locator('svg.qr path').getAttribute('d')).toMatch(/^M\d/);
      violations.push(...(await checkScreen(admin, '11-admin-totp-qr')));
      const uri = await admin
        .getByRole('link', { name: 'Відкрити в застосунку-автентифікаторі' })
        .getAttribute('href');
      const totp = OTPAuth.URI.parse(uri ?? '');
      await admin.getByLabel('Код', { exact: true }).fill(totp.generate());
      await admin.getByRole('button', { name: 'Увійти' }).click();
      await admin.getByRole('heading', { name: 'Ваші резервні коди' }).waitFor();
      const codes = await admin.locator('.codes code').allTextContents();
      expect(codes).toHaveLength(10);
      // No look-alikes (0/o, 1/l/i) in codes people copy by hand.
      for (const c of codes) expect(c).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
      await admin.getByRole('button', { name: 'Копіювати' }).waitFor();
      await admin.getByRole('button', { name: 'Друкувати' }).waitFor();
      const download = await admin.getByRole('link', { name: 'Завантажити' }).getAttribute('href');
      expect(decodeURIComponent(download ?? '')).toContain(codes[0]);
      violations.push(...(await checkScreen(admin, '11-admin-recovery-codes')));
      await admin.getByRole('button', { name: 'Я їх зберіг(ла)' }).click();
      // The admin's landing page is administration, not a search they may not run.
      await admin.waitForURL(/\/admin\/users$/);
      await admin.getByRole('heading', { name: 'Користувачі', level: 1 }).waitFor();
      violations.push(...(await checkScreen(admin, '12-admin-users')));

      await admin.getByLabel('Ім’я користувача').fill('e2e-analyst');
      await admin.getByLabel('Роль').selectOption('analyst');
      await admin.getByRole('button', { name: 'Створити користувача' }).click();
      const notice = admin.locator('.notice');
      await notice.waitFor();
      const link = (await notice.getByRole('link').getAttribute('href')) ?? '';
      expect(link).toMatch(/\/setup#\S+/);
      expect(await notice.textContent()).toMatch(/e2e-analyst.*до \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
      violations.push(...(await checkScreen(admin, '12-admin-user-created')));
      const row = admin.getByRole('row', { name: /e2e-analyst/ });
      expect(await row.textContent()).toContain('чекає на пароль');
      await admin.getByRole('button', { name: /Сеанси та токени\s*:\s*e2e-admin/ }).click();
      await admin.getByRole('heading', { name: 'Відкриті сеанси' }).waitFor();
      violations.push(...(await checkScreen(admin, '12-admin-user-access')));

      await admin.getByRole('link', { name: 'Організації' }).click();
      await admin.getByRole('heading', { name: 'Організації', level: 1 }).waitFor();
      await admin.getByLabel('Назва').fill('e2e Ombudsman office');
      await admin.getByRole('button', { name: 'Створити організацію' }).click();
      await admin.getByRole('rowheader', { name: 'e2e Ombudsman office' }).waitFor();
      violations.push(...(await checkScreen(admin, '14-admin-organisations')));

      // The organisations screen has a 'Назва' field too. Under load the tokens screen's code arrives late:
      // hold it back, as a loaded machine does, and see the screen being left go away at once (the
      // layout shows the next one loading), so nothing typed meanwhile can land in the old form.
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      await admin.route(/\/assets\/TokensPage-[^/]*\.js$/, async (route) => {
        await held;
        await route.continue();
      });
      await admin.getByRole('link', { name: 'API-токени' }).click();
      await admin.getByRole('button', { name: 'Створити організацію' }).waitFor({ state: 'detached' });
      release();
      // Fill the token's name only once its screen is there.
      await admin.getByRole('heading', { name: 'Мої API-токени', level: 1 }).waitFor();
      // Sent with an empty name and no permission: each problem is said beside its field.
      await admin.getByRole('button', { name: 'Створити токен' }).click();
      await admin.getByText('Дайте токену назву, щоб відрізняти його від інших.').waitFor();
      await admin.getByText('Оберіть принаймні один дозвіл для токена.').waitFor();
      expect(await admin.getByLabel('Назва').getAttribute('aria-invalid')).toBe('true');
      await admin.getByLabel('Назва').fill('e2e script');
      await admin.getByLabel('user:manage').check();
      await admin.getByRole('button', { name: 'Створити токен' }).click();
      const secret =
        (await admin
          .locator('.notice code.secret')
          .textContent()
          .catch(async (err: unknown) => {
            const shown =
              (await admin
                .locator('main')
                .textContent()
                .catch(() => null)) ?? '(nothing)';
            throw new Error(`no token secret appeared; the screen showed: ${shown}`, { cause: err });
          })) ?? '';
      expect(secret.length).toBeGreaterThan(20);
      await admin.getByRole('rowheader', { name: 'e2e script' }).waitFor();
      violations.push(...(await checkScreen(admin, '15-tokens')));
      // "Try it out" on the API docs: the document names bearer tokens, which need no CSRF header.
      const doc = (await (await fetch(`${server.url}/api/docs/json`)).json()) as {
        components: { securitySchemes: Record<string, { scheme: string }> };
      };
      expect(doc.components.securitySchemes['bearer']?.scheme).toBe('bearer');
      const withToken = await fetch(`${server.url}/api/v1/admin/organisations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'e2e by token' }),
      });
      expect(withToken.status).toBe(201);

      // The new user opens the link in a fresh browser whose locale is English: the app is in Ukrainian.
      const fresh = await browser.newContext({ locale: 'en-US' });
      try {
        const user = await fresh.newPage();
        await user.goto(link);
        await user.getByRole('heading', { name: 'Оберіть свій пароль' }).waitFor();
        expect(await user.evaluate<unknown>('document.documentElement.lang')).toBe('uk');
        expect(await user.locator('main').textContent()).toContain(
          'Це посилання встановлює пароль облікового запису e2e-analyst.',
        );
        expect(await user.getByLabel('Ім’я користувача').inputValue()).toBe('e2e-analyst');
        // The password rule shows before it is broken, and counts as one types.
        expect(await user.locator('main').textContent()).toContain('Щонайменше 12 символів');
        await user.getByLabel('Пароль', { exact: true }).fill('short');
        expect(await user.locator('main').textContent()).toContain('Закороткий: 5 з щонайменше 12 символів.');
        violations.push(...(await checkScreen(user, '13-setup-user')));
        const pass = `analyst-${Math.random().toString(36).slice(2)}-pass`;
        await user.getByLabel('Пароль', { exact: true }).fill(pass);
        await user.getByLabel('Пароль ще раз').fill(pass);
        await user.getByRole('button', { name: 'Встановити пароль' }).click();
        await user.getByRole('heading', { name: /Пароль для e2e-analyst встановлено/ }).waitFor();
        const again = await fresh.newPage();
        await again.goto(link);
        await again.getByText('Цим посиланням уже скористалися.', { exact: false }).waitFor();
        expect(await again.getByRole('button', { name: 'Встановити пароль' }).count()).toBe(0);
        violations.push(...(await checkScreen(again, '13-setup-used')));
        // /admin/users is a screen of the app, never the API's JSON.
        await again.goto(`${server.url}/admin/users`);
        await again.waitForURL(/\/login\?next=/);
        expect(await again.locator('body').textContent()).not.toContain('"code"');
      } finally {
        await fresh.close();
      }
    } finally {
      await adminContext.close();
    }
  });

  it('labels a missing soldier truthfully: military, whereabouts unknown, an undated status says so', async () => {
    const session = (await (await page.request.get(`${server.url}/api/v1/auth/session`)).json()) as {
      csrf_token: string;
    };
    const res = await page.request.post(`${server.url}/api/v1/records`, {
      headers: { 'x-csrf-token': session.csrf_token },
      data: {
        source: 'e2e unit report',
        source_type: 'unit_report',
        category: 'military',
        family_name: 'Гнатюк',
        given_name: 'Богдан',
        patronymic: 'Петрович',
        sex: 'male',
        birth_date: '1979',
        status: 'missing',
      },
    });
    expect(res.status()).toBe(201);
    const { person_id } = (await res.json()) as { person_id: string };
    await page.goto(`${server.url}/persons/${person_id}`);
    await page.getByRole('heading', { name: 'Хронологія' }).waitFor();
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Військовий');
    expect(main).toContain('Зник, місцеперебування невідоме');
    expect(main).not.toMatch(/полонен/);
    expect(main).not.toContain('Статус підтверджує');
    expect(main).toContain('Джерело статусу');
    const timeline = (await page.locator('.timeline').textContent()) ?? '';
    expect(timeline).toMatch(/дата невідома \(внесено \d{2}\.\d{2}\.\d{4}\)/);
    violations.push(...(await checkScreen(page, '16-missing-soldier')));
  });

  it('pages through 40 Шевченко: the true total, "show more", Tab to a result, focus on its heading', async () => {
    const session = (await (await page.request.get(`${server.url}/api/v1/auth/session`)).json()) as {
      csrf_token: string;
    };
    const GIVEN = [
      'Андрій',
      'Богдан',
      'Василь',
      'Григорій',
      'Дмитро',
      'Євген',
      'Іван',
      'Йосип',
      'Кирило',
      'Леонід',
    ];
    const FATHER = ['Іванович', 'Петрович', 'Миколайович', 'Олегович'];
    for (let i = 0; i < 40; i++) {
      const decade = Math.floor(i / 10);
      const res = await page.request.post(`${server.url}/api/v1/records`, {
        headers: { 'x-csrf-token': session.csrf_token },
        data: {
          source: 'e2e paging list',
          family_name: 'Шевченко',
          given_name: GIVEN[i % 10],
          patronymic: FATHER[decade],
          sex: 'male',
          birth_date: `${1950 + decade * 12}-0${(i % 9) + 1}-1${i % 9}`,
        },
      });
      expect(res.status()).toBe(201);
    }
    await page.goto(`${server.url}/search`);
    const box = page.getByRole('combobox', { name: 'Ім’я' });
    await box.fill('Шевченко');
    const status = page.locator('.status-line');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/Знайдено \d+ ос/);
    const total = Number(/Знайдено (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThanOrEqual(40);
    const options = page.getByRole('listbox', { name: 'Результати' }).getByRole('option');
    expect(await options.count()).toBe(20);
    expect(await status.textContent()).toContain(`Показано 20 з ${total}.`);
    const more = page.getByRole('button', { name: 'Показати ще' });
    while ((await more.count()) > 0) {
      const before = await options.count();
      await more.click();
      await expect.poll(() => options.count()).toBeGreaterThan(before);
    }
    expect(await options.count()).toBe(total);
    violations.push(...(await checkScreen(page, '17-search-paging')));
    // From the name box, Tab reaches the results (after the birth-date box); Enter opens one.
    await box.focus();
    const focused: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      focused.push(String(await page.evaluate<unknown>('document.activeElement?.outerHTML.slice(0, 60)')));
      if (focused.at(-1)?.includes('role="option"')) break;
    }
    expect(focused.at(-1), focused.join(' | ')).toContain('role="option"');
    const onResult = await page.evaluate<unknown>('document.activeElement?.id');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate<unknown>('document.activeElement?.getAttribute("role")')).toBe('option');
    expect(await page.evaluate<unknown>('document.activeElement?.id')).not.toBe(onResult);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.evaluate<unknown>('document.activeElement?.tagName')).toBe('H1');
  });

  it('finds no serious or critical accessibility violation on any screen, and reached every screen', () => {
    expect(violations).toEqual([]);
    expect(uncheckedScreens(SCREENS)).toEqual([]);
  });
});
