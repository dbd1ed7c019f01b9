import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestActor, type TestActor } from '../../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { OutboxDeliverer } from './deliverer.js';
import { resetAsksSettled } from './service.js';

const TRACING = {
  challenge: false,
  perAddressPerMinute: 10_000,
  totalPerMinute: 100_000,
  perEmailPerDay: 50,
  publicUrl: 'http://localhost:3000',
  smtpUrl: undefined,
  mailFrom: 'Homecoming <no-reply@localhost>',
};
const CONFIG = {
  bodyLimit: 64 * 1024,
  requestTimeoutMs: 30_000,
  logLevel: 'silent',
  tracing: TRACING,
} as const;

/** A real SMTP server on a free port that keeps what it receives. */
async function mailServer() {
  const received: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
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

const filing = (over: Record<string, unknown> = {}) => ({
  requester: { name: 'Генерована Мати', email: 'mother@example.org', relationship: 'parent' },
  sought: {
    family_name: 'Тестенко',
    given_name: 'Олександр',
    patronymic: 'Петрович',
    birth_date: '12.03.1990',
    category: 'serviceman',
  },
  consent: { tracing: true, icrc: true },
  ...over,
});

/** Waits (up to 20 s) until a session of this database, not `client`'s, waits for a lock. */
async function waitForLockWait(client: pg.Client): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const r = await client.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
         AND wait_event_type = 'Lock'`,
    );
    if (r.rowCount !== null && r.rowCount > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no session came to wait for a lock');
}

describe.each(DATABASE_KINDS)('tracing requests on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let registrar: TestActor;
  let officer: TestActor;
  let analyst: TestActor;
  let smtp: Awaited<ReturnType<typeof mailServer>>;
  let deliverer: OutboxDeliverer;
  let personId: string;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    app = await buildApp(t.database, CONFIG);
    registrar = await createTestActor(t.database, 'registrar');
    officer = await createTestActor(t.database, 'tracing_officer');
    analyst = await createTestActor(t.database, 'analyst');
    smtp = await mailServer();
    deliverer = new OutboxDeliverer(t.database, {
      smtpUrl: smtp.url,
      from: 'Homecoming <no-reply@localhost>',
    });
    const r = await registrar.inject(app, {
      method: 'POST',
      url: '/api/v1/records',
      payload: {
        source: 'unit list',
        external_id: 'u1',
        family_name: 'Тестенко',
        given_name: 'Олександр',
        patronymic: 'Петрович',
        birth_date: '1990-03-12',
        category: 'military',
        status: 'missing',
      },
    });
    expect(r.statusCode).toBe(201);
    personId = r.json().person_id;
  });
  afterAll(async () => {
    await deliverer?.stop();
    await smtp?.close();
    await app?.close();
    await t?.dispose();
  });

  const file = async (body: unknown = filing()) =>
    app.inject({ method: 'POST', url: '/api/v1/public/tracing-requests', payload: body as object });
  const status = async (case_number: string, access_code: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/public/tracing-requests/status',
      payload: { case_number, access_code },
    });

  it('files a request, mails the case number (never the code), ranks the right person first, and follows it to captivity confirmed', async () => {
    const r = await file();
    expect(r.statusCode).toBe(201);
    const { case_number, access_code } = r.json();
    expect(case_number).toMatch(/^HC-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(access_code.replace(/-/g, '')).toHaveLength(20);

    expect(await deliverer.deliverDue()).toBeGreaterThanOrEqual(1);
    const confirmation = smtp.received.find((m) => m.raw.includes(case_number));
    expect(confirmation?.to).toEqual(['mother@example.org']);
    expect(confirmation?.raw).not.toContain(access_code);
    expect(confirmation?.raw).not.toMatch(/Тестенко|Олександр/);

    let s = await status(case_number, access_code);
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({
      case_number,
      state: 'received',
      status: 'no_information',
      messages: [],
    });

    const queue = (await officer.inject(app, '/api/v1/tracing-requests?state=received')).json();
    const item = queue.items.find((i: { case_number: string }) => i.case_number === case_number);
    expect(item).toMatchObject({ overdue: false, age_days: 0, kinship_verified: false });
    const detail = (await officer.inject(app, `/api/v1/tracing-requests/${item.id}`)).json();
    expect(detail.candidates[0].person_id).toBe(personId);
    expect(detail.candidates[0].explanation.length).toBeGreaterThan(0);

    expect(
      (
        await officer.inject(app, { method: 'POST', url: `/api/v1/tracing-requests/${item.id}/verify` })
      ).json().state,
    ).toBe('searching');
    // Verified but unlinked: still nothing to tell.
    expect((await status(case_number, access_code)).json().status).toBe('no_information');
    const linked = await officer.inject(app, {
      method: 'POST',
      url: `/api/v1/tracing-requests/${item.id}/link`,
      payload: { person_id: personId },
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().state).toBe('matched');
    expect((await status(case_number, access_code)).json().status).toBe('information_without_captivity_data');

    // The family's description is now a record of the person (family_report), and the file lists the request.
    const person = (await registrar.inject(app, `/api/v1/persons/${personId}`)).json();
    expect(person.records.map((x: { external_id: string }) => x.external_id)).toContain(case_number);
    const reqs = (await officer.inject(app, `/api/v1/persons/${personId}/tracing-requests`)).json();
    expect(reqs.items.map((x: { case_number: string }) => x.case_number)).toContain(case_number);

    // An ICRC confirmation: the requester gets a content-free mail and sees "captivity confirmed".
    await deliverer.deliverDue(); // the news of the link itself
    const before = smtp.received.length;
    await registrar.inject(app, {
      method: 'POST',
      url: `/api/v1/persons/${personId}/events`,
      payload: { type: 'captivity_confirmed', source: 'ICRC', confidence: 'confirmed' },
    });
    await deliverer.deliverDue();
    const news = smtp.received.slice(before).filter((m) => m.raw.includes(case_number));
    expect(news).toHaveLength(1);
    expect(news[0]?.raw).not.toMatch(/captivity|полон|Тестенко/i);
    s = await status(case_number, access_code);
    expect(s.json()).toMatchObject({ state: 'matched', status: 'captivity_confirmed' });

    // Messages both ways, the staff's announced by a content-free mail.
    await officer.inject(app, {
      method: 'POST',
      url: `/api/v1/tracing-requests/${item.id}/messages`,
      payload: { body: 'Please call us.' },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/public/tracing-requests/messages',
      payload: { case_number, access_code, body: 'He has a scar on his left hand.' },
    });
    const msgs = (await status(case_number, access_code)).json().messages;
    expect(msgs.map((m: { from: string }) => m.from)).toEqual(['staff', 'requester']);

    // Every lookup is audited, as the relative, by request id only.
    const audited = await t.database.db
      .selectFrom('audit_entry')
      .select(['action', 'actor_kind'])
      .where('object_id', '=', item.id)
      .where('action', '=', 'tracing.status_read')
      .execute();
    expect(audited.length).toBeGreaterThanOrEqual(4);
    expect(audited.every((a) => a.actor_kind === 'relative')).toBe(true);
  });

  it('makes one case of a request sent again with its Idempotency-Key (a double tap, a retry), answering the same code', async () => {
    const cases = async () =>
      Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM tracing_request`.execute(t.database.db))
          .rows[0]?.n,
      );
    const send = (
      key: string,
      body: unknown = filing({ requester: { ...filing().requester, email: 'retry@example.org' } }),
    ) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/public/tracing-requests',
        headers: { 'idempotency-key': key },
        payload: body as object,
      });
    const before = await cases();
    const key = '6f1c2b8e-2d7a-4c55-9a0e-3b1f5d7c9e21';
    const first = await send(key);
    expect(first.statusCode).toBe(201);
    const again = await send(key);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await cases()).toBe(before + 1);
    // The code it answers again opens the case.
    expect((await status(first.json().case_number, first.json().access_code)).statusCode).toBe(200);
    // Answering it again is an access like any other: audited against the case, as its filing is.
    const id = (
      await sql<{
        id: string;
      }>`SELECT id FROM tracing_request WHERE case_number = ${first.json().case_number}`.execute(
        t.database.db,
      )
    ).rows[0]?.id as string;
    const replays = await t.database.db
      .selectFrom('audit_entry')
      .select(['actor_kind', 'detail'])
      .where('object_id', '=', id)
      .where('action', 'in', ['tracing.create', 'tracing.replay'])
      .orderBy('seq')
      .execute();
    expect(replays.map((a) => a.actor_kind)).toEqual(['anonymous', 'anonymous']);
    expect(replays[1]?.detail).toMatchObject({ answered: true });

    // Five at once (a double tap on a slow network): one case, five identical answers.
    const key2 = 'Zq3_v8W-pL0sT2nY7rK4mB9x';
    const five = await Promise.all([1, 2, 3, 4, 5].map(() => send(key2)));
    expect(five.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(five.map((r) => r.body)).size).toBe(1);
    expect(await cases()).toBe(before + 2);

    // The same key with another request is another request; no key, every sending its own case (as before).
    const other = await send(
      key,
      filing({
        requester: { ...filing().requester, email: 'retry@example.org' },
        consent: { tracing: true },
      }),
    );
    expect(other.statusCode).toBe(201);
    expect(other.json().case_number).not.toBe(first.json().case_number);
    expect(await cases()).toBe(before + 3);

    // A key that is no key is refused naming the header, nothing filed.
    for (const bad of ['short', 'x'.repeat(129), 'has space in it 1234567890', 'кириличний-ключ-1234567890'])
      expect((await send(bad)).json().message, bad).toMatch(/^header idempotency-key: /);
    expect(await cases()).toBe(before + 3);
  });

  it('answers a request sent again after its code was reset with 409, not the old code', async () => {
    const key = 'reset-then-retry-0123456789ab';
    const body = filing({ requester: { ...filing().requester, email: 'resetretry@example.org' } });
    const send = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/public/tracing-requests',
        headers: { 'idempotency-key': key },
        payload: body,
      });
    const first = await send();
    expect(first.statusCode).toBe(201);
    await sql`UPDATE tracing_request SET code_hash = 'changed' WHERE case_number = ${first.json().case_number}`.execute(
      t.database.db,
    );
    const again = await send();
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/access code has been changed since/);
  });

  it('answers a wrong code and an unknown case with the same 404 body, and locks only the case attacked', async () => {
    const a = (
      await file(filing({ requester: { name: 'A', email: 'a@example.org', relationship: 'spouse' } }))
    ).json();
    const b = (
      await file(filing({ requester: { name: 'B', email: 'b@example.org', relationship: 'sibling' } }))
    ).json();
    const wrong = await status(a.case_number, 'AAAA-BBBB-CCCC-DDDD-EEEE');
    const unknown = await status('HC-2222-2222', a.access_code);
    expect(wrong.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    const strip = (j: { request_id?: string }) => ({ ...j, request_id: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    for (let i = 0; i < 12; i++) await status(a.case_number, `WRNG-${i}`);
    expect((await status(a.case_number, a.access_code)).statusCode).toBe(429);
    expect((await status(b.case_number, b.access_code)).statusCode).toBe(200);
  });

  it('tries at most the limit of codes when 20 clients hammer one case at once, then locks it', async () => {
    const c = (
      await file(filing({ requester: { name: 'C', email: 'c@example.org', relationship: 'parent' } }))
    ).json();
    // Every guess is counted before its code is compared: parallel guesses cannot all pass a check made
    // before any of them was counted (CASE_LIMIT: 10 wrong codes an hour).
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => status(c.case_number, `HAMR-${String(i).padStart(4, '0')}`)),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((s) => s === 404)).toHaveLength(10);
    expect(codes.filter((s) => s === 429)).toHaveLength(10);
    expect((await status(c.case_number, c.access_code)).statusCode).toBe(429);
    // A right code is not counted: a relative who reads the status page often is never locked out.
    const d = (
      await file(filing({ requester: { name: 'D', email: 'd@example.org', relationship: 'parent' } }))
    ).json();
    for (let i = 0; i < 9; i++) expect((await status(d.case_number, `WRNG-${i}`)).statusCode).toBe(404);
    for (let i = 0; i < 5; i++) expect((await status(d.case_number, d.access_code)).statusCode).toBe(200);
    // Still nine counted: the tenth wrong code is compared (and locks), the eleventh is not.
    expect((await status(d.case_number, 'WRNG-9')).statusCode).toBe(404);
    expect((await status(d.case_number, 'WRNG-10')).statusCode).toBe(429);
    expect((await status(d.case_number, d.access_code)).statusCode).toBe(429);
  });

  it('tells nothing about a withheld person, and never a death: the case waits for a call', async () => {
    const w = (
      await file(filing({ requester: { name: 'W', email: 'w@example.org', relationship: 'parent' } }))
    ).json();
    const d = (
      await file(filing({ requester: { name: 'D', email: 'd@example.org', relationship: 'parent' } }))
    ).json();
    const idOf = async (cn: string) =>
      (await officer.inject(app, '/api/v1/tracing-requests'))
        .json()
        .items.find((i: { case_number: string }) => i.case_number === cn).id;
    const wid = await idOf(w.case_number);
    const did = await idOf(d.case_number);
    // Two new persons made from the requests.
    for (const id of [wid, did]) {
      await officer.inject(app, { method: 'POST', url: `/api/v1/tracing-requests/${id}/verify` });
      const c = await officer.inject(app, {
        method: 'POST',
        url: `/api/v1/tracing-requests/${id}/create-person`,
      });
      expect(c.statusCode).toBe(200);
    }
    const wp = (await officer.inject(app, `/api/v1/tracing-requests/${wid}`)).json().person_id;
    const dp = (await officer.inject(app, `/api/v1/tracing-requests/${did}`)).json().person_id;
    await registrar.inject(app, {
      method: 'POST',
      url: `/api/v1/persons/${wp}/events`,
      payload: { type: 'captivity_confirmed', confidence: 'confirmed' },
    });
    await registrar.inject(app, {
      method: 'POST',
      url: `/api/v1/persons/${wp}/withhold`,
      payload: { withheld: true },
    });
    expect((await status(w.case_number, w.access_code)).json().status).toBe('no_information');
    // Staff see what the relative is told, and a status that changes while withheld reaches the family
    // as news once the person is released.
    const staffView = async () =>
      (await officer.inject(app, `/api/v1/tracing-requests/${wid}`)).json().disclosed_status;
    expect(await staffView()).toBe('no_information');
    const released = await registrar.inject(app, {
      method: 'POST',
      url: `/api/v1/persons/${wp}/events`,
      payload: { type: 'released', confidence: 'confirmed' },
    });
    expect(released.statusCode).toBeLessThan(300);
    await deliverer.deliverDue();
    const beforeRelease = smtp.received.length;
    await registrar.inject(app, {
      method: 'POST',
      url: `/api/v1/persons/${wp}/withhold`,
      payload: { withheld: false },
    });
    expect(await staffView()).toBe('returned');
    expect((await status(w.case_number, w.access_code)).json().status).toBe('returned');
    await deliverer.deliverDue();
    expect(smtp.received.slice(beforeRelease).filter((m) => m.raw.includes(w.case_number))).toHaveLength(1);

    await deliverer.deliverDue();
    const before = smtp.received.length;
    await registrar.inject(app, {
      method: 'POST',
      url: `/api/v1/persons/${dp}/events`,
      payload: { type: 'death_reported' },
    });
    await deliverer.deliverDue();
    expect(smtp.received.slice(before).filter((m) => m.raw.includes(d.case_number))).toHaveLength(0);
    expect((await status(d.case_number, d.access_code)).json().status).toBe('staff_will_contact');
    const calls = (await officer.inject(app, '/api/v1/tracing-requests?call_required=true')).json();
    expect(calls.items.map((i: { case_number: string }) => i.case_number)).toContain(d.case_number);
  });

  /** A filed request, its kinship verified, linked to a new person made from it. */
  const verifiedWithPerson = async (email: string): Promise<{ id: string; personId: string }> => {
    const filed = (await file(filing({ requester: { name: 'R', email, relationship: 'parent' } }))).json();
    const id = (await officer.inject(app, '/api/v1/tracing-requests'))
      .json()
      .items.find((i: { case_number: string }) => i.case_number === filed.case_number).id;
    await officer.inject(app, { method: 'POST', url: `/api/v1/tracing-requests/${id}/verify` });
    const made = await officer.inject(app, {
      method: 'POST',
      url: `/api/v1/tracing-requests/${id}/create-person`,
    });
    expect(made.statusCode).toBe(200);
    return { id, personId: made.json().person_id };
  };

  it('links a request beside an event on its person without a deadlock (the persons locked before the request)', async () => {
    // One connection on the embedded database: nothing runs beside a transaction there.
    if (kind !== 'postgres' || t.url === undefined) return;
    const { id: vid, personId: first } = await verifiedWithPerson('v@example.org');
    const second = (
      await registrar.inject(app, {
        method: 'POST',
        url: '/api/v1/records',
        payload: { source: 'unit list', external_id: 'v2', family_name: 'Тестенко', given_name: 'Олександр' },
      })
    ).json().person_id;
    // What an added event's transaction does on the request's person: its row locked and rewritten, then
    // the requests following it brought up to date. Meanwhile staff move the request to another person.
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT id FROM person WHERE id = $1 FOR UPDATE', [first]);
      await other.query(`UPDATE person SET status = 'captivity_confirmed' WHERE id = $1`, [first]);
      const linking = officer.inject(app, {
        method: 'POST',
        url: `/api/v1/tracing-requests/${vid}/link`,
        payload: { person_id: second },
      });
      await waitForLockWait(other);
      await other.query(`UPDATE tracing_request SET updated_at = now() WHERE id = $1`, [vid]);
      await other.query('COMMIT');
      const linked = await linking;
      expect(linked.statusCode).toBe(200);
      expect(linked.json().person_id).toBe(second);
    } finally {
      await other.end();
    }
  });

  it('answers a change that meets a deadlock with 409 and saves nothing of it', async () => {
    if (kind !== 'postgres' || t.url === undefined) return;
    const { id: did, personId: dp } = await verifiedWithPerson('l@example.org');
    const events = async () => (await registrar.inject(app, `/api/v1/persons/${dp}`)).json().events.length;
    const before = await events();
    // Another session holds the request and then wants the person an added event holds: PostgreSQL breaks
    // the cycle by rolling back the event (its wait began first).
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT id FROM tracing_request WHERE id = $1 FOR UPDATE', [did]);
      const adding = registrar.inject(app, {
        method: 'POST',
        url: `/api/v1/persons/${dp}/events`,
        payload: { type: 'captivity_confirmed', confidence: 'confirmed' },
      });
      await waitForLockWait(other);
      const locking = other.query('SELECT id FROM person WHERE id = $1 FOR UPDATE', [dp]);
      const added = await adding;
      await locking;
      await other.query('ROLLBACK');
      expect(added.statusCode).toBe(409);
      expect(added.json().code).toBe('conflict');
    } finally {
      await other.end();
    }
    expect(await events()).toBe(before);
  });

  it('refuses bad input with the field named, and keeps staff routes from the public and from other roles', async () => {
    const bad = await file(
      filing({ sought: { family_name: 'Х', given_name: 'У', birth_date: '31.02.1990' } }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('sought.birth_date');
    const noConsent = await file(filing({ consent: { tracing: false } }));
    expect(noConsent.statusCode).toBe(400);
    expect((await app.inject('/api/v1/tracing-requests')).statusCode).toBe(401);
    expect((await analyst.inject(app, '/api/v1/tracing-requests')).statusCode).toBe(403);
    const huge = await file(
      filing({ sought: { family_name: 'Х', given_name: 'У', circumstances: 'x'.repeat(40_000) } }),
    );
    expect(huge.statusCode).toBe(413);
  });

  it('refuses a range of two years in the birth date or the last news with the reason and the field, never as a month (pd2)', async () => {
    // The request becomes a record the linkage compares: it takes one year, or a guess of one ("бл. 1990").
    const birth = await file(
      filing({ sought: { family_name: 'Датович', given_name: 'Ілля', birth_date: '1990/91' } }),
    );
    expect(birth.statusCode).toBe(400);
    expect(birth.json().message).toMatch(/sought\.birth_date.*range of two years/);
    // Before, "2023/01" was January 2023 and "2023/24" refused as no month 24: either way not what was meant.
    const last = await file(
      filing({ sought: { family_name: 'Датович', given_name: 'Ілля', last_seen_date: '2022/23' } }),
    );
    expect(last.statusCode).toBe(400);
    expect(last.json().message).toMatch(/sought\.last_seen_date.*range of two years/);
  });

  it('refuses a date of the last news that is no date, or is after today, naming the field; reads the forms a date takes', async () => {
    for (const last_seen_date of ['2099-13-45', '31.02.2023', '2099-01-01', 'вчора']) {
      const r = await file(
        filing({ sought: { family_name: 'Датович', given_name: 'Ілля', last_seen_date } }),
      );
      expect(r.statusCode, last_seen_date).toBe(400);
      expect(r.json().message, last_seen_date).toContain('sought.last_seen_date');
    }
    const ok = await file(
      filing({ sought: { family_name: 'Датович', given_name: 'Ілля', last_seen_date: '12.03.2024' } }),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    const queue = (await officer.inject(app, '/api/v1/tracing-requests?limit=500')).json();
    const item = queue.items.find((i: { case_number: string }) => i.case_number === ok.json().case_number);
    const detail = (await officer.inject(app, `/api/v1/tracing-requests/${item.id}`)).json();
    expect(detail.sought.last_seen_date).toBe('12.03.2024');
    const made = await officer.inject(app, {
      method: 'POST',
      url: `/api/v1/tracing-requests/${item.id}/create-person`,
    });
    expect(made.statusCode, made.body).toBe(200);
    const record = (await officer.inject(app, `/api/v1/records/${made.json().record_id}`)).json();
    expect(record.attributes.last_seen_date).toBe('2024-03-12');
    const month = await file(
      filing({ sought: { family_name: 'Датович', given_name: 'Ілля', last_seen_date: 'березень 2024' } }),
    );
    expect(month.statusCode, month.body).toBe(201);
  });

  it('takes what happened as the form lets a relative write it: several lines, up to 4,000 characters', async () => {
    // A textarea gives line breaks; the contract allows 4,000 characters. Both were refused as a record
    // attribute (no control characters, at most 2,000), with a message about "invalid UTF-8".
    const circumstances = `Останній дзвінок 12.03.2024.\r\nПідрозділ вийшов з оточення.\n\t${'Ш'.repeat(3900)}`;
    const r = await file(filing({ sought: { family_name: 'Рядкович', given_name: 'Ілля', circumstances } }));
    expect(r.statusCode, r.body).toBe(201);
    const queue = (await officer.inject(app, '/api/v1/tracing-requests?limit=500')).json();
    const item = queue.items.find((i: { case_number: string }) => i.case_number === r.json().case_number);
    const detail = (await officer.inject(app, `/api/v1/tracing-requests/${item.id}`)).json();
    expect(detail.sought.circumstances).toBe(circumstances.trim());
    // Its person made from it: the family report's record keeps the text as written.
    const made = await officer.inject(app, {
      method: 'POST',
      url: `/api/v1/tracing-requests/${item.id}/create-person`,
    });
    expect(made.statusCode, made.body).toBe(200);
    const record = (await officer.inject(app, `/api/v1/records/${made.json().record_id}`)).json();
    expect(record.attributes.circumstances).toBe(circumstances.trim());
  });

  it("refuses a body over a public form's own limit naming that limit, not the server's", async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/public/tracing-requests/status',
      payload: { case_number: 'HC-AAAA-AAAA', access_code: 'x'.repeat(5000) },
    });
    expect(r.statusCode).toBe(413);
    expect(r.json().message).toBe('request body is larger than 4096 bytes');
  });

  it('resets a lost code by a one-time link mailed to the requester', async () => {
    const r = (
      await file(filing({ requester: { name: 'R', email: 'r@example.org', relationship: 'child' } }))
    ).json();
    const before = smtp.received.length;
    const asked = await app.inject({
      method: 'POST',
      url: '/api/v1/public/tracing-requests/reset',
      payload: { case_number: r.case_number, email: 'R@example.org' },
    });
    expect(asked.statusCode).toBe(202);
    await resetAsksSettled();
    await deliverer.deliverDue();
    const mail = smtp.received.slice(before).find((m) => m.raw.includes('/trace/reset#'));
    const token = /\/trace\/reset#([A-Za-z0-9_-]+)/.exec((mail?.raw ?? '').replace(/=\r?\n/g, ''))?.[1];
    expect(token).toBeDefined();
    const confirmed = await app.inject({
      method: 'POST',
      url: '/api/v1/public/tracing-requests/reset/confirm',
      payload: { token },
    });
    expect(confirmed.statusCode).toBe(200);
    const fresh = confirmed.json().access_code;
    expect((await status(r.case_number, fresh)).statusCode).toBe(200);
    expect((await status(r.case_number, r.access_code)).statusCode).toBe(404);
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/public/tracing-requests/reset/confirm',
      payload: { token },
    });
    expect(again.statusCode).toBe(404);
  });

  it('mails at most three reset links an hour for a case, however many are asked for, at once or in turn', async () => {
    // Whoever knows a case number and its e-mail could otherwise fill the relative's mailbox with links
    // (600 a minute from one address under the public rate limit).
    const r = (
      await file(filing({ requester: { name: 'R', email: 'flood@example.org', relationship: 'child' } }))
    ).json();
    const ask = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/public/tracing-requests/reset',
        payload: { case_number: r.case_number, email: 'flood@example.org' },
      });
    const answers = [...(await Promise.all(Array.from({ length: 8 }, ask))), await ask(), await ask()];
    // The same answer every time: nothing tells the asker that the links stopped.
    expect(answers.map((a) => `${a.statusCode} ${a.body}`)).toEqual(
      answers.map(() => '202 {"status":"sent_if_known"}'),
    );
    await resetAsksSettled();
    const queued = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox
      WHERE recipient = 'flood@example.org' AND body LIKE '%/trace/reset#%'`.execute(t.database.db);
    expect(queued.rows[0]?.n).toBe(3);
  });

  it("refuses a document for a wrong code, or without the case's headers, before reading its body", async () => {
    const upload = async (headers: Record<string, string>) => {
      // A body that never ends: a server that reads it before checking the code never answers.
      const body = new PassThrough();
      body.write(Buffer.from('%PDF-1.4\n' + 'x'.repeat(64 * 1024)));
      try {
        return await Promise.race([
          app.inject({
            method: 'POST',
            url: '/api/v1/public/tracing-requests/documents',
            headers: { 'content-type': 'application/pdf', ...headers },
            payload: body,
          }),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('the server waited for the body')), 10_000),
          ),
        ]);
      } finally {
        body.destroy();
      }
    };
    const wrong = await upload({
      'x-case-number': 'HC-2222-2222',
      'x-access-code': 'AAAA-BBBB-CCCC-DDDD-EEEE',
    });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().code).toBe('not_found');
    const bare = await upload({});
    expect(bare.statusCode).toBe(400);
    expect(bare.json().message).toMatch(/headers\.x-case-number/);
  });

  it('takes kinship documents checked by content, stores them encrypted, and serves them to staff as attachments', async () => {
    const r = (
      await file(filing({ requester: { name: 'K', email: 'k@example.org', relationship: 'parent' } }))
    ).json();
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('generated image'),
    ]);
    const up = (payload: Buffer, type: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/public/tracing-requests/documents',
        headers: { 'content-type': type, 'x-case-number': r.case_number, 'x-access-code': r.access_code },
        payload,
      });
    const ok = await up(png, 'image/png');
    expect(ok.statusCode).toBe(201);
    const fake = await up(Buffer.from('<html><script>alert(1)</script>'), 'image/png');
    expect(fake.statusCode).toBe(415);
    const stored = await t.database.db
      .selectFrom('tracing_document' as never)
      .selectAll()
      .execute();
    expect(
      stored.some((d) =>
        Buffer.from((d as { ciphertext: Uint8Array }).ciphertext).includes('generated image'),
      ),
    ).toBe(false);
    const id = (await officer.inject(app, '/api/v1/tracing-requests'))
      .json()
      .items.find((i: { case_number: string }) => i.case_number === r.case_number).id;
    const doc = (await officer.inject(app, `/api/v1/tracing-requests/${id}`)).json().documents[0];
    const dl = await officer.inject(app, `/api/v1/tracing-requests/${id}/documents/${doc.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toMatch(/^attachment;/);
    expect(dl.rawPayload.equals(png)).toBe(true);
  });
});
