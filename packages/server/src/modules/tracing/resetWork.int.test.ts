import crypto from 'node:crypto';
import { sql, type KyselyPlugin } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../http/app.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { deriveKeys } from './codes.js';
import { createTracingRequest, requestReset, resetAsksSettled, RESETS_PER_HOUR } from './service.js';

/**
 * A reset-link request answers the same 202 for a known case + e-mail and an unknown one; its time must
 * not tell them apart either (bench/tracing/resetTiming.ts measures it over HTTP). The test checks the
 * cause, not a time: both run the same statements, in the same order.
 */
describe.each(DATABASE_KINDS)(
  'a reset request does the same work for a known and an unknown pair (%s)',
  (kind) => {
    let t: TestDatabase;
    const ctx = {
      keys: deriveKeys(crypto.randomBytes(32)),
      perEmailPerDay: 100,
      publicUrl: 'http://localhost',
    };
    let known: { case_number: string; email: string };

    beforeAll(async () => {
      t = await openTestDatabase(kind);
      const r = await createTracingRequest(t.database, ctx, {
        requester: { name: 'Генерована Мати', email: 'Known.Mother@example.org', relationship: 'parent' },
        sought: { family_name: 'Тестенко', given_name: 'Олександр', birth_date: '1990' },
        consent: { tracing: true },
      });
      known = { case_number: r.case_number, email: 'known.mother@example.org' };
    });
    afterAll(async () => t?.dispose());

    /** The SQL texts one reset request runs (parameters aside), in order. */
    async function statementsOf(input: { case_number: string; email: string }): Promise<string[]> {
      const seen: string[] = [];
      const recorder: KyselyPlugin = {
        transformQuery: (args) => {
          seen.push(
            t.database.db.getExecutor().compileQuery(args.node, args.queryId).sql.replace(/\s+/g, ' '),
          );
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const recorded: Database = { ...t.database, db: t.database.db.withPlugin(recorder) };
      await requestReset(recorded, ctx, input);
      return seen;
    }

    const links = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM tracing_reset`.execute(t.database.db)).rows[0]
        ?.n;

    it('runs the same statements for a known pair (mailed or not), a wrong e-mail, an unknown or malformed case', async () => {
      const before = await links();
      const mailed = await statementsOf(known);
      // a link was written and mailed for the known pair
      expect(await links()).toBe((before ?? 0) + 1);
      const mail = await sql<{ recipient: string; body: string }>`
      SELECT recipient, body FROM outbox WHERE body LIKE '%/trace/reset#%'`.execute(t.database.db);
      expect(mail.rows.map((m) => m.recipient)).toEqual(['Known.Mother@example.org']);
      expect(mail.rows[0]?.body).toContain(known.case_number);

      const wrongEmail = await statementsOf({ case_number: known.case_number, email: 'other@example.org' });
      const unknownCase = await statementsOf({ case_number: 'HC-2345-6789', email: known.email });
      const malformed = await statementsOf({ case_number: 'not a case', email: known.email });
      for (let i = 1; i < RESETS_PER_HOUR; i++) await requestReset(t.database, ctx, known);
      const capped = await statementsOf(known);
      // nothing was written for the unknown pairs, nor past the cap
      expect(await links()).toBe((before ?? 0) + RESETS_PER_HOUR);

      expect(mailed.length).toBeGreaterThanOrEqual(3);
      expect(wrongEmail).toEqual(mailed);
      expect(unknownCase).toEqual(mailed);
      expect(malformed).toEqual(mailed);
      expect(capped).toEqual(mailed);
    });

    it.runIf(kind === 'postgres')(
      'answers before doing the work: a reset asked while its case is locked is answered at once',
      async () => {
        const app = await buildApp(
          t.database,
          {
            bodyLimit: 64 * 1024,
            requestTimeoutMs: 30_000,
            logLevel: 'silent',
            tracing: {
              challenge: false,
              perAddressPerMinute: 10_000,
              totalPerMinute: 100_000,
              perEmailPerDay: 50,
              publicUrl: 'http://localhost',
              smtpUrl: undefined,
              mailFrom: 'Homecoming <no-reply@localhost>',
            },
          },
          { tracingKey: crypto.randomBytes(32) },
        );
        const filed = await app.inject({
          method: 'POST',
          url: '/api/v1/public/tracing-requests',
          payload: {
            requester: { name: 'Генерована Мати', email: 'locked@example.org', relationship: 'parent' },
            sought: { family_name: 'Тестенко', given_name: 'Іван', birth_date: '1990' },
            consent: { tracing: true },
          },
        });
        expect(filed.statusCode).toBe(201);
        const { case_number } = filed.json();
        const linksOf = async (db: pg.Client) =>
          (
            await db.query(
              `SELECT count(*)::int AS n FROM tracing_reset r JOIN tracing_request q ON q.id = r.request_id
             WHERE q.case_number = $1`,
              [case_number],
            )
          ).rows[0].n;
        // Another session holds the case's row: a reset's work for it cannot proceed until it lets go.
        const holder = new pg.Client({ connectionString: t.url });
        await holder.connect();
        try {
          await holder.query('BEGIN');
          await holder.query('SELECT id FROM tracing_request WHERE case_number = $1 FOR UPDATE', [
            case_number,
          ]);
          const asked = await app.inject({
            method: 'POST',
            url: '/api/v1/public/tracing-requests/reset',
            payload: { case_number, email: 'locked@example.org' },
          });
          expect(asked.statusCode).toBe(202);
          expect(await linksOf(holder)).toBe(0);
          await holder.query('COMMIT');
          await resetAsksSettled();
          expect(await linksOf(holder)).toBe(1);
        } finally {
          await holder.end();
          await app.close();
        }
      },
    );
  },
);
