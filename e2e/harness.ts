import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as OTPAuth from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Role } from '../packages/server/src/auth/permissions.js';
import { hashPassword } from '../packages/server/src/auth/secrets.js';
import { CLI_ACTOR, CLI_PRINCIPAL } from '../packages/server/src/cli/common.js';
import { prepare } from '../packages/server/src/cli/database.js';
import { openDatabase } from '../packages/server/src/db/database.js';
import { createUserWithPassword } from '../packages/server/src/modules/admin/service.js';
import { importCsv } from '../packages/server/src/modules/imports/csvImport.js';
import { seedRegistry } from '../packages/server/src/seed/seedRegistry.js';
import { killOnExit } from '../packages/server/src/test/cli.js';
import { prepareDataDir } from '../packages/server/src/test/databases.js';

/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM = process.env['HOMECOMING_CHROMIUM'] ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'packages/server/bin/homecoming.js');
export const ARTIFACTS = path.join(ROOT, 'e2e/artifacts');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Whether the browser tests can run. Without Chromium they are skipped with a warning, unless
 * HOMECOMING_REQUIRE_BROWSER=1 (CI sets it), which makes a missing browser a failure.
 */
export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium)`;
  if (process.env['HOMECOMING_REQUIRE_BROWSER'] === '1')
    throw new Error(`browser tests required, but ${message}`);
  console.warn(`${message}; the browser tests are skipped`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** A staff account made as `homecoming user create` makes it, before the server starts. */
export interface TestAccount {
  username: string;
  password: string;
}

/** A server started as `npm start` starts it, on a free port, over a fresh embedded database. */
export interface TestServer {
  url: string;
  /** The first-run link the console printed for creating the administrator. */
  setupLink: string;
  /** A registrar with a password and no second factor yet (enrolled at first login). */
  registrar: TestAccount;
  /** An auditor, likewise. */
  auditor: TestAccount;
  /** A statistics publisher, likewise. */
  publisher: TestAccount;
  /** The accounts asked for in `startServer({ accounts })`, by user name. */
  accounts: Record<string, TestAccount>;
  /** Everything the server printed on its console so far (the first-run setup link among it). */
  console(): string;
  stop(): Promise<void>;
}

/** Seeds a fresh data folder with generated people, then serves it; resolves once the server listens. */
export async function startServer(
  options: {
    persons?: number;
    /** Settings for the server (e.g. HOMECOMING_SMTP_URL), over the harness's own. */
    env?: Record<string, string>;
    /** More staff accounts to create, by user name and role. */
    accounts?: Record<string, string>;
    /** Generated records (canonical CSV, header first) imported after the seeding, as `homecoming import`. */
    records?: string;
  } = {},
): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOMECOMING_DATA: path.join(dataDir, 'data'),
    DATABASE_URL: '',
    // The server picks a free port and says which: a port chosen here and freed for it could be taken
    // in between by another test's connection.
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    HOMECOMING_PROGRESS_INTERVAL_MS: '0',
    ...options.env,
  };
  // The data folder starts migrated (the command-line tests cover a first start on an empty folder), and is
  // seeded and given its accounts here, through what `homecoming seed` and `homecoming user create` run
  // (the command-line tests cover the commands): one opening of the database instead of a process each.
  await prepareDataDir(path.join(dataDir, 'data'));
  const database = await openDatabase({ dataDir: path.join(dataDir, 'data') });
  // Generated credentials for a throwaway database; never a real account.
  const account = (username: string) => ({
    username,
    password: `${username}-${Math.random().toString(36).slice(2)}-pass`,
  });
  const registrar = account('e2e-registrar');
  const auditor = account('e2e-auditor');
  const publisher = account('e2e-publisher');
  const accounts = Object.fromEntries(Object.keys(options.accounts ?? {}).map((u) => [u, account(u)]));
  try {
    await prepare(database);
    await seedRegistry(database, {
      persons: options.persons ?? 200,
      seed: 1,
      source: 'generated demo data',
      profile: 'harsh',
      actor: CLI_ACTOR,
    });
    if (options.records !== undefined) {
      const file = path.join(dataDir, 'records.csv');
      fs.writeFileSync(file, options.records);
      await importCsv(database, { file, actor: CLI_ACTOR, defaultSource: 'generated e2e records' });
    }
    for (const [who, role] of [
      [registrar, 'registrar'],
      [auditor, 'auditor'],
      [publisher, 'publisher'],
      ...Object.entries(options.accounts ?? {}).map(
        ([u, role]) => [accounts[u] as TestAccount, role] as const,
      ),
    ] as const) {
      await createUserWithPassword(
        database,
        CLI_PRINCIPAL,
        { username: who.username, role: role as Role, passwordHash: await hashPassword(who.password) },
        {},
      );
    }
  } finally {
    await database.close();
  }
  const child: ChildProcess = killOnExit(
    spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (/\/setup#\S+/.test(output)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('close', (code) => reject(new Error(`the server exited (${code}): ${output}`)));
  });
  const url = /running on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
  const setupLink = /(http:\/\/\S+\/setup#\S+)/.exec(output)?.[1] ?? '';
  return {
    url,
    setupLink,
    registrar,
    auditor,
    publisher,
    accounts,
    console: () => output,
    async stop() {
      if (child.exitCode === null) {
        const closed = new Promise((resolve) => child.once('close', resolve));
        child.kill('SIGTERM');
        await closed;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The screens checkScreen has looked at in this test file, so a final test can tell which were never reached. */
export const checkedScreens = new Set<string>();

/**
 * The screens of `expected` that no test reached: an accessibility check that saw nothing must fail,
 * not pass because an earlier step stopped before the screen.
 */
export function uncheckedScreens(expected: readonly string[]): string[] {
  return expected.filter((name) => !checkedScreens.has(name));
}

/**
 * Keeps a screenshot of the screen as a test artefact and runs axe-core on it; returns the serious and
 * critical violations (the tests expect none).
 */
export async function checkScreen(page: Page, name: string): Promise<string[]> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  // Evaluated through the DevTools protocol, so the app's Content-Security-Policy stays on while axe runs.
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  checkedScreens.add(name);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/** Whether the server has a route (a feature another branch may not have landed yet). */
export async function hasRoute(url: string, init: RequestInit = {}): Promise<boolean> {
  const res = await fetch(url, init);
  if (res.status !== 404) return true;
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  return body.message !== 'no such route';
}

/** Signs an account in through the API (password, then TOTP enrolment); the context keeps the cookie. */
export async function loginByApi(
  context: BrowserContext,
  server: TestServer,
  who: TestAccount = server.registrar,
): Promise<void> {
  const login = await context.request.post(`${server.url}/api/v1/auth/login`, { data: who });
  const step = (await login.json()) as { next: string; otpauth_uri?: string };
  if (step.next !== 'totp_enrol' || !step.otpauth_uri) throw new Error(`unexpected login step ${step.next}`);
  const totp = OTPAuth.URI.parse(step.otpauth_uri);
  const enrol = await context.request.post(`${server.url}/api/v1/auth/totp/enrol`, {
    data: { code: totp.generate() },
  });
  if (enrol.status() !== 200) throw new Error(`TOTP enrolment failed: ${enrol.status()}`);
}
