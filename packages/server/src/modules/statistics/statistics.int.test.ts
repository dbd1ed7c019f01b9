import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNSAFE_CLI_PRINCIPAL } from '../../auth/permissions.js';
import { buildApp } from '../../http/app.js';
import { seedRegistry } from '../../seed/seedRegistry.js';
import { createTestActor, type TestActor } from '../../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { addEvent } from '../events/service.js';
import { canonicalJson, publishReleaseNow } from './service.js';

const CONFIG = {
  bodyLimit: 64 * 1024,
  requestTimeoutMs: 30_000,
  logLevel: 'silent',
  publicRateLimitPerMinute: 100_000,
} as const;

interface Row {
  count: number | null;
  suppressed: boolean;
  [dim: string]: string | number | boolean | null;
}
interface Table {
  id: string;
  dimensions: string[];
  rows: Row[];
}

describe.each(DATABASE_KINDS)('statistics releases on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let publisher: TestActor;
  let registrar: TestActor;

  /** The registry's own count of persons (not withheld, not merged away), by SQL written here. */
  const registryCount = async (where: { category?: string; status?: string }) => {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM person
      WHERE merged_into IS NULL AND NOT withheld
        AND (${where.category ?? null}::text IS NULL OR category = ${where.category ?? null})
        AND (${where.status ?? null}::text IS NULL OR status = ${where.status ?? null})`.execute(
      t.database.db,
    );
    return Number(r.rows[0]?.n);
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    app = await buildApp(t.database, CONFIG);
    publisher = await createTestActor(t.database, 'publisher');
    registrar = await createTestActor(t.database, 'registrar');
    await seedRegistry(t.database, { persons: 400, seed: 14, actor: 'test' });
    // Some returns in exchanges on two days, and three withheld persons. All of one category: ids made
    // in the same millisecond sort at random, so a mix of categories would split each day's returns
    // differently from run to run, and a small cell's complementary suppression could hide a day's total.
    const ids = await sql<{ id: string; category: string }>`
      SELECT id, category FROM person WHERE category = 'military' ORDER BY id LIMIT 40`.execute(
      t.database.db,
    );
    for (const [i, p] of ids.rows.entries()) {
      await addEvent(t.database, UNSAFE_CLI_PRINCIPAL, p.id, {
        type: 'returned_in_exchange',
        confidence: 'confirmed',
        occurred_on: i < 25 ? '2025-05-16' : '2025-06-02',
      });
    }
    await sql`UPDATE person SET withheld = true WHERE id IN (SELECT id FROM person ORDER BY id DESC LIMIT 3)`.execute(
      t.database.db,
    );
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('answers 404 before the first release, with no account', async () => {
    const r = await app.inject('/api/v1/public/statistics');
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('not_found');
  });

  it('refuses releases to anyone but a publisher, and anonymous callers', async () => {
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/statistics/releases', payload: {} })).statusCode,
    ).toBe(401);
    const r = await registrar.inject(app, {
      method: 'POST',
      url: '/api/v1/statistics/releases',
      payload: {},
    });
    expect(r.statusCode).toBe(403);
  });

  let releaseId = 0;
  let firstBody = '';

  it('takes a draft through review to publication; the publisher sees every hidden cell and why', async () => {
    const draft = await publisher.inject(app, {
      method: 'POST',
      url: '/api/v1/statistics/releases',
      payload: { threshold: 10 },
    });
    expect(draft.statusCode).toBe(201);
    const d = draft.json();
    expect(d.state).toBe('draft');
    expect(d.release_id).toBeNull();
    expect(d.review.length).toBeGreaterThan(0);
    for (const cell of d.review) {
      expect(['below_threshold', 'complementary']).toContain(cell.reason.kind);
      if (cell.reason.kind === 'below_threshold') expect(cell.count).toBeLessThan(10);
    }
    // not before review
    const early = await publisher.inject(app, {
      method: 'POST',
      url: `/api/v1/statistics/releases/${d.id}/publish`,
    });
    expect(early.statusCode).toBe(409);
    expect((await app.inject('/api/v1/public/statistics')).statusCode).toBe(404);

    const reviewed = await publisher.inject(app, {
      method: 'POST',
      url: `/api/v1/statistics/releases/${d.id}/review`,
    });
    expect(reviewed.json().state).toBe('reviewed');
    const published = await publisher.inject(app, {
      method: 'POST',
      url: `/api/v1/statistics/releases/${d.id}/publish`,
    });
    expect(published.statusCode).toBe(200);
    expect(published.json().state).toBe('published');
    releaseId = published.json().release_id;
    expect(releaseId).toBe(1);
    const again = await publisher.inject(app, {
      method: 'POST',
      url: `/api/v1/statistics/releases/${d.id}/publish`,
    });
    expect(again.statusCode).toBe(409);
  });

  it('serves the published release to the public: figures equal the registry where shown, none below k', async () => {
    const r = await app.inject('/api/v1/public/statistics');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=60');
    firstBody = r.body;
    const rel = r.json();
    expect(rel.release_id).toBe(releaseId);
    expect(rel.threshold).toBe(10);
    expect(typeof rel.as_of).toBe('string');
    const { content_hash, ...rest } = rel;
    expect(content_hash).toBe(crypto.createHash('sha256').update(canonicalJson(rest)).digest('hex'));
    const table = rel.tables.find((x: Table) => x.id === 'persons_by_category_status') as Table;
    expect(table.dimensions).toEqual(['category', 'status']);
    let shown = 0;
    for (const row of table.rows) {
      if (row.count !== null) expect(row.count === 0 || row.count >= 10).toBe(true);
      expect(row.suppressed).toBe(row.count === null);
      if (row.suppressed) continue;
      shown++;
      const want = await registryCount({
        ...(row.category === 'total' ? {} : { category: row.category as string }),
        ...(row.status === 'total' ? {} : { status: row.status as string }),
      });
      expect(row.count, `${row.category} × ${row.status}`).toBe(want);
    }
    expect(shown).toBeGreaterThan(10);
    // withheld persons only in the registry total
    const grand = table.rows.find((x) => x.category === 'total' && x.status === 'total') as Row;
    const all = rel.tables.find((x: Table) => x.id === 'persons_total').rows[0] as Row;
    expect(grand.count).toBe(await registryCount({}));
    expect(all.count === null || all.count === (grand.count as number) + 3).toBe(true);
    // returns per exchange: 25 + 15 on two days
    const ex = rel.tables.find((x: Table) => x.id === 'returned_by_exchange_category') as Table;
    expect(ex.rows.find((x) => x.exchange === '2025-05-16' && x.category === 'total')?.count).toBe(25);
    expect(ex.rows.find((x) => x.exchange === 'total' && x.category === 'total')?.count).toBe(40);
    const cum = rel.tables.find((x: Table) => x.id === 'returned_in_exchanges_cumulative_by_month') as Table;
    expect(cum.rows.find((x) => x.month === '2025-06' && x.category === 'total')?.count).toBe(40);
    for (const id of ['persons_by_category_sex_age', 'deported_children']) {
      expect(rel.tables.map((x: Table) => x.id)).toContain(id);
    }
  });

  it('answers 304 to a matching If-None-Match, and serves a release by number and as CSV', async () => {
    const r = await app.inject('/api/v1/public/statistics');
    const again = await app.inject({
      url: '/api/v1/public/statistics',
      headers: { 'if-none-match': r.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const byNumber = await app.inject(`/api/v1/public/statistics/${releaseId}`);
    expect(byNumber.body).toBe(r.body);
    expect((await app.inject('/api/v1/public/statistics/99')).statusCode).toBe(404);
    expect((await app.inject('/api/v1/public/statistics/abc')).statusCode).toBe(400);
    const csv = await app.inject(`/api/v1/public/statistics/${releaseId}/csv/persons_by_category_status`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe('category,status,count,suppressed');
    expect((await app.inject(`/api/v1/public/statistics/${releaseId}/csv/nope`)).statusCode).toBe(404);
  });

  it('keeps the published figures fixed while the registry changes, until the next release', async () => {
    await seedRegistry(t.database, { persons: 30, seed: 99, actor: 'test', source: 'later' });
    const r = await app.inject('/api/v1/public/statistics');
    expect(r.body).toBe(firstBody);
    await expect(
      sql`UPDATE statistics_release SET threshold = 3 WHERE number = 1`.execute(t.database.db),
    ).rejects.toThrow(/immutable/);
    const second = await publishReleaseNow(t.database, {
      threshold: 5,
      corrects: 1,
      correction_note: 'adds the persons imported later',
    });
    expect(second.release_id).toBe(2);
    // suppressed beside release 1 (differencing.release.test.ts proves what that buys), and says so
    // (read as stored: the app's cache may not know release 2 yet)
    const stored = await sql<{ document: { methodology: { en: string } } }>`
      SELECT document FROM statistics_release WHERE number = 2`.execute(t.database.db);
    const doc = stored.rows[0]?.document as { methodology: { en: string } };
    expect(doc.methodology.en).toContain(
      'Across releases: each release is suppressed beside every earlier published release by suppression (no. 1).',
    );
    expect(doc).not.toHaveProperty('latest_at_draft');
    expect((await app.inject('/api/v1/public/statistics/1')).body).toBe(firstBody);
    const list = (await app.inject('/api/v1/public/statistics/releases')).json();
    expect(list.releases.map((x: { release_id: number }) => x.release_id)).toEqual([2, 1]);
    expect(list.releases[0].corrects).toBe(1);
  });

  it('publishes random rounding to base 3 when the publisher chooses it', async () => {
    const r = await publishReleaseNow(
      t.database,
      { method: 'rounding' },
      { id: 'p', role: 'publisher', kind: 'cli' },
    );
    const full = await publisher.inject(app, `/api/v1/statistics/releases/${r.id}`);
    for (const table of full.json().tables as Table[]) {
      for (const row of table.rows) {
        expect(row.suppressed).toBe(false);
        expect((row.count as number) % 3).toBe(0);
      }
    }
  });

  it('refuses to publish a suppressed draft built before another release was published since', async () => {
    const draft = await publisher.inject(app, {
      method: 'POST',
      url: '/api/v1/statistics/releases',
      payload: { threshold: 10 },
    });
    expect(draft.statusCode).toBe(201);
    const id = draft.json().id as string;
    const other = await publishReleaseNow(t.database, { threshold: 10 });
    // read beside every earlier release by suppression (1 and 2; 3 was rounded), not the latest alone
    const audit = await sql<{ detail: Record<string, unknown> }>`
      SELECT detail FROM audit_entry WHERE action = 'statistics.draft' AND object_id = ${other.id}`.execute(
      t.database.db,
    );
    expect(audit.rows[0]?.detail).toMatchObject({ beside_release: 2, beside_releases: '1,2' });
    await publisher.inject(app, { method: 'POST', url: `/api/v1/statistics/releases/${id}/review` });
    const stale = await publisher.inject(app, {
      method: 'POST',
      url: `/api/v1/statistics/releases/${id}/publish`,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toContain(`release ${other.release_id} was published after this draft`);
  });
});

describe('public statistics rate limit', () => {
  it('answers 429 with the application error once an address exceeds its requests per minute', async () => {
    const t = await openTestDatabase('pglite');
    const app = await buildApp(t.database, { ...CONFIG, publicRateLimitPerMinute: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await app.inject('/api/v1/public/statistics')).statusCode);
      expect(codes).toEqual([404, 404, 404, 429]);
      const r = await app.inject('/api/v1/public/statistics');
      expect(r.json().code).toBe('rate_limited');
    } finally {
      await app.close();
      await t.dispose();
    }
  });
});
