/**
 * Time to build a statistics release (npm run bench:stats:build): fills a scratch PostgreSQL database
 * (or, with DB=pglite, an embedded one) with PERSONS generated persons (default 1,000,000) written
 * directly by SQL — category, status, sex and birth date drawn from fixed shares, 4 % returned in one
 * of 70 exchanges — then builds releases as the registry-wide publisher and reports, per release, the
 * time of the aggregate counts (one repeatable-read snapshot), of disclosure control, and of the whole
 * draft (counts, disclosure, storing, audit). The registry's write path is not what is measured here
 * (bench/import.ts measures it), so persons are written without records.
 * Each draft is then published, and CHANGED persons (default 10) change status before the next, so every
 * release after the first is built beside the one before (issue 14, differencing across releases).
 * TREE=/another/checkout runs that tree's service on the same script (before/after figures).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type * as DatabaseModule from '../../packages/server/src/db/database.js';
import type * as MigrateModule from '../../packages/server/src/db/migrate.js';
import type * as RepoModule from '../../packages/server/src/modules/statistics/repo.js';
import type * as ServiceModule from '../../packages/server/src/modules/statistics/service.js';
import type { Database } from '../../packages/server/src/db/database.js';
import type * as ScratchModule from '../../packages/server/src/test/scratch.js';

const TREE = path.resolve(process.env['TREE'] ?? path.join(import.meta.dirname, '../..'));
const load = <T>(file: string): Promise<T> =>
  import(path.join(TREE, 'packages/server/src', file)) as Promise<T>;
await load('wiring.js');
const { openDatabase } = await load<typeof DatabaseModule>('db/database.js');
const { migrate } = await load<typeof MigrateModule>('db/migrate.js');
const { unsafeCountRegistryForStatistics } = await load<typeof RepoModule>('modules/statistics/repo.js');
const { CLI_PUBLISHER, advanceRelease, createDraftRelease } = await load<typeof ServiceModule>(
  'modules/statistics/service.js',
);
const { createScratchDatabase } = await load<typeof ScratchModule>('test/scratch.js');
const CHANGED = Number(process.env['CHANGED'] ?? 10);

const PERSONS = Number(process.env['PERSONS'] ?? 1_000_000);
const RUNS = Number(process.env['RUNS'] ?? 3);
const KIND = process.env['DB'] === 'pglite' ? 'pglite' : 'postgres';

const scratch =
  KIND === 'postgres' ? await createScratchDatabase(process.env['DB_PREFIX'] ?? 'hc_stats_build') : null;
const dir = scratch ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'hc-stats-build-'));
const database: Database = scratch
  ? await openDatabase({ url: scratch.url })
  : await openDatabase({ dataDir: path.join(dir as string, 'data') });
try {
  await migrate(database.pool);
  const t0 = performance.now();
  // Deterministic pseudo-random draws from the row number (no Math.random: reruns build the same registry).
  await sql`
    INSERT INTO person (id, category, status, sex, birth_date, birth_year, withheld)
    SELECT gen_random_uuid(), c.category, c.status,
      CASE WHEN h % 100 < 80 THEN 'male' WHEN h % 100 < 97 THEN 'female' END,
      CASE WHEN c.category = 'deported_child'
        THEN to_char(date '2008-01-01' + (h % 5800), 'YYYY-MM-DD')
        ELSE to_char(date '1955-01-01' + (h % 17000), 'YYYY-MM-DD') END,
      CASE WHEN c.category = 'deported_child'
        THEN extract(year FROM date '2008-01-01' + (h % 5800))::smallint
        ELSE extract(year FROM date '1955-01-01' + (h % 17000))::smallint END,
      h % 1000 = 7
    FROM (
      SELECT i, abs(hashtext(i::text)) AS h FROM generate_series(1, ${PERSONS}) AS i
    ) g
    CROSS JOIN LATERAL (
      SELECT
        (ARRAY['military','military','military','military','military','military','civilian_detainee',
               'civilian_detainee','missing','missing','deported_child','deceased'])[1 + (g.h / 7) % 12] AS category
    ) k
    CROSS JOIN LATERAL (
      SELECT k.category,
        CASE k.category
          WHEN 'military' THEN (ARRAY['missing','captivity_reported','captivity_confirmed','returned'])[1 + (g.h / 101) % 4]
          WHEN 'civilian_detainee' THEN (ARRAY['captivity_reported','captivity_confirmed','returned'])[1 + (g.h / 101) % 3]
          WHEN 'missing' THEN 'missing'
          WHEN 'deported_child' THEN (ARRAY['deported','located','returned'])[1 + (g.h / 101) % 3]
          ELSE (ARRAY['death_reported','death_confirmed'])[1 + (g.h / 101) % 2]
        END AS status
    ) c`.execute(database.db);
  await sql`
    INSERT INTO event (id, person_id, type, occurred_on, confidence, entered_by)
    SELECT gen_random_uuid(), id, 'returned_in_exchange',
      to_char(date '2022-04-01' + ((abs(hashtext(id::text)) % 70) * 19), 'YYYY-MM-DD'), 'confirmed', 'bench'
    FROM person WHERE status = 'returned' AND abs(hashtext(id::text || 'x')) % 3 = 0`.execute(database.db);
  await sql`ANALYZE`.execute(database.db);
  const fill = (performance.now() - t0) / 1000;
  const returns = await sql<{ n: string }>`SELECT count(*) AS n FROM event`.execute(database.db);
  console.log(
    `${KIND}: ${PERSONS} persons and ${returns.rows[0]?.n} returns written in ${fill.toFixed(1)} s; ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`tree ${TREE}`);
  for (let run = 1; run <= RUNS; run++) {
    if (run > 1) {
      // CHANGED persons move to another status: the next release is a few persons apart from the last
      await sql`UPDATE person SET status = CASE WHEN status = 'returned' THEN 'captivity_confirmed' ELSE 'returned' END
        WHERE id IN (SELECT id FROM person WHERE NOT withheld ORDER BY md5(id::text || ${String(run)}) LIMIT ${CHANGED})`.execute(
        database.db,
      );
    }
    let t = performance.now();
    await database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((trx) => unsafeCountRegistryForStatistics(trx, new Date()));
    const countMs = performance.now() - t;
    t = performance.now();
    const draft = await createDraftRelease(database, CLI_PUBLISHER, { threshold: 10 });
    const draftMs = performance.now() - t;
    await advanceRelease(database, CLI_PUBLISHER, draft.id, 'review');
    const published = await advanceRelease(database, CLI_PUBLISHER, draft.id, 'publish');
    const cells = (draft.tables ?? []).reduce((n, x) => n + x.rows.length, 0);
    console.log(
      `run ${run}: counts ${(countMs / 1000).toFixed(2)} s, whole draft ${(draftMs / 1000).toFixed(2)} s (${cells} published cells, ${draft.review?.length ?? 0} hidden${run > 1 ? `, ${CHANGED} persons changed since release ${(published.release_id as number) - 1}` : ''}), load ${os.loadavg()[0]?.toFixed(1)}`,
    );
  }
} finally {
  await database.close();
  await scratch?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
