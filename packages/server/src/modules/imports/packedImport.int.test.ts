import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CandidatePerson } from '@homecoming/linkage';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.js';
import { CSV_HEADER, csvLine, generatePopulation } from '../../seed/population.js';
import { seedRegistry } from '../../seed/seedRegistry.js';
import {
  createScratchDatabase,
  HAS_POSTGRES,
  openTestDatabase,
  type TestDatabase,
} from '../../test/databases.js';
import type { CanonicalCsvRow } from '../registry/vocabulary.js';
import { validateRecordFields } from '../records/validate.js';
import { candidatePersons, LINK_COLUMNS, probeOf, type StoredLinkRow } from '../linkage/candidates.js';
import { PackedRegistry } from '../linkage/packedRegistry.js';
import { importCsv } from './csvImport.js';

// Generated people only. A harsh registry of a few thousand with a crowd of namesakes (one surname, one birth
// year: its family, phonetic and glyph blocks pass their LIMITs), then a file of rows about some of them
// (variants: a year only, no patronymic), namesakes of the crowd, strangers, and repeats of its own rows
// (so that batches link to persons earlier batches made or joined): imported in small batches through the
// database's lookups and through the packed registry, each into its own copy of the same registry.
const PERSONS = 2500;
const CROWD = 160;
const TODAY = new Date('2026-12-01T12:00:00Z');

/** The registry's rows and the crowd (as seeded), for the file built from them. */
function registryRows(): { rows: CanonicalCsvRow[]; crowd: CanonicalCsvRow[] } {
  const rows = [...generatePopulation({ persons: PERSONS, seed: 3, source: 'x', profile: 'harsh' })];
  const first = rows[0] as CanonicalCsvRow;
  const year = first.birth_date.slice(0, 4) || '1975';
  const crowd = [...generatePopulation({ persons: CROWD, seed: 7, source: 'crowd', profile: 'harsh' })].map(
    (r) => ({
      ...r,
      family_name: first.family_name,
      birth_date: r.birth_date === '' ? '' : year + r.birth_date.slice(4),
    }),
  );
  return { rows, crowd };
}

/** The incoming file: ~3,000 rows. */
function incomingFile(file: string): number {
  const { rows, crowd } = registryRows();
  const lines: CanonicalCsvRow[] = [];
  rows.forEach((r, i) => {
    if (i % 3 !== 0) return;
    const variant =
      i % 2 === 0 ? { ...r, birth_date: r.birth_date.slice(0, 4) } : { ...r, patronymic: '', unit: '' };
    lines.push({ ...variant, source: 'incoming', external_id: `in-${r.external_id}` });
  });
  crowd.forEach((r, i) => {
    if (i % 2 === 0) lines.push({ ...r, source: 'incoming', external_id: `in-crowd-${r.external_id}` });
  });
  const first = rows[0] as CanonicalCsvRow;
  [...generatePopulation({ persons: 1200, seed: 41, source: 'incoming', profile: 'harsh' })].forEach((r, i) =>
    // Every fifth stranger another namesake of the crowd, born the crowd's year.
    lines.push(
      i % 5 === 0
        ? {
            ...r,
            family_name: first.family_name,
            birth_date: r.birth_date === '' ? '' : first.birth_date.slice(0, 4) + r.birth_date.slice(4),
            external_id: `st-${r.external_id}`,
          }
        : { ...r, external_id: `st-${r.external_id}` },
    ),
  );
  // Repeats inside the file, later in it: every seventh row again under another id, the date cut to a year.
  const repeats = lines
    .filter((_, i) => i % 7 === 3)
    .map((r) => ({ ...r, external_id: `again-${r.external_id}`, birth_date: r.birth_date.slice(0, 4) }));
  const all = [...lines, ...repeats];
  fs.writeFileSync(file, [CSV_HEADER, ...all.map((r) => csvLine(r))].join('\n') + '\n');
  return all.length;
}

/**
 * What an import decided, by the records' (source, external id) — record and person ids differ between two
 * copies: each person as its records' sorted keys; each automatic link's record, person (as its first
 * record's key) and score; each review pair's two records, score and reason.
 */
async function decisions(
  database: Database,
): Promise<{ persons: string[]; links: string[]; pairs: string[] }> {
  const key = sql`(SELECT s.name || ':' || r2.external_id FROM record r2 JOIN source s ON s.id = r2.source_id
    WHERE r2.id = `;
  const persons = await sql<{ k: string }>`
    SELECT string_agg(s.name || ':' || r.external_id, ' ' ORDER BY s.name, r.external_id) AS k
    FROM record r JOIN source s ON s.id = r.source_id GROUP BY r.person_id`.execute(database.db);
  const links = await sql<{ k: string }>`
    SELECT ${key} l.record_id) || ' -> ' ||
      (SELECT min(s.name || ':' || r3.external_id) FROM record r3 JOIN source s ON s.id = r3.source_id
        WHERE r3.person_id = l.person_id) || ' ' || l.kind || ' ' || coalesce(round(l.score::numeric, 6)::text, '-')
        || ' ' || (l.ended_at IS NULL)::text AS k
    FROM link l`.execute(database.db);
  const pairs = await sql<{ k: string }>`
    SELECT ${key} p.left_record_id) || ' ~ ' || ${key} p.right_record_id) || ' ' || round(p.score::numeric, 6)
      || ' ' || p.status || ' ' || coalesce(p.queue_reason, '') AS k
    FROM review_pair p`.execute(database.db);
  return {
    persons: persons.rows.map((r) => r.k).sort(),
    links: links.rows.map((r) => r.k).sort(),
    pairs: pairs.rows.map((r) => r.k).sort(),
  };
}

describe.runIf(HAS_POSTGRES)('a linked import over the packed registry on PostgreSQL', () => {
  let seeded: TestDatabase;
  let template: string;
  let dir: string;
  beforeAll(async () => {
    seeded = await openTestDatabase('postgres');
    await seedRegistry(seeded.database, { persons: PERSONS, seed: 3, actor: 'test', profile: 'harsh' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-packed-import-'));
    const { crowd } = registryRows();
    const crowdFile = path.join(dir, 'crowd.csv');
    fs.writeFileSync(crowdFile, [CSV_HEADER, ...crowd.map((r) => csvLine(r))].join('\n'));
    await importCsv(seeded.database, { file: crowdFile, actor: 'test', today: TODAY });
    await sql`ANALYZE`.execute(seeded.database.db);
    await seeded.database.close();
    template = new URL(seeded.url as string).pathname.slice(1);
  }, 600_000);
  afterAll(async () => {
    // The seeded database is closed already: only dropped.
    await seeded.dispose().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the seeded registry, opened. */
  const copy = async (): Promise<{ database: Database; drop(): Promise<void> }> => {
    const scratch = await createScratchDatabase('hc_test', undefined, template);
    const database = await openDatabase({ url: scratch.url });
    return {
      database,
      async drop() {
        await database.close();
        await scratch.drop();
      },
    };
  };

  it('decides every row as the database lookups do: the same persons, links with scores, review pairs', async () => {
    const file = path.join(dir, 'incoming.csv');
    const rows = incomingFile(file);
    const viaSql = await copy();
    const viaMemory = await copy();
    try {
      const common = { file, actor: 'test', batchSize: 250, today: TODAY };
      let sqlBatches = 0;
      const a = await importCsv(viaSql.database, {
        ...common,
        packedRegistry: false,
        onPackedLookups: () => sqlBatches++,
      });
      let probes = 0;
      let batches = 0;
      const b = await importCsv(viaMemory.database, {
        ...common,
        packedRegistry: true,
        // Every batch's candidates compared with the database's, probe by probe (the import fails otherwise).
        verifyPackedLookups: true,
        onPackedLookups: (n) => {
          probes += n;
          batches++;
        },
      });
      expect(sqlBatches).toBe(0);
      // Every batch's lookups answered in memory, the store following the batches before it.
      expect(batches).toBe(Math.ceil(rows / 250));
      expect(probes).toBe(b.imported);
      expect(a.imported).toBe(rows);
      expect(b.imported).toBe(a.imported);
      // Linking happened, to the registry's persons and to those earlier batches made.
      expect(a.linked).toBeGreaterThan(500);
      expect(b.linked).toBe(a.linked);
      expect(b.possible).toBe(a.possible);
      expect(b.relinked).toBe(a.relinked);
      // The end-of-import step joined singletons (its lookups answered in memory, the store following its merges).
      expect(a.relinked).toBeGreaterThan(0);
      const mine = await decisions(viaMemory.database);
      const theirs = await decisions(viaSql.database);
      expect(mine.pairs.length).toBeGreaterThan(0);
      expect(mine.persons).toEqual(theirs.persons);
      expect(mine.links).toEqual(theirs.links);
      expect(mine.pairs).toEqual(theirs.pairs);
    } finally {
      await viaSql.drop();
      await viaMemory.drop();
    }
  }, 600_000);

  it('follows records written after its load: its lookups answer as the SQL over the registry grown', async () => {
    const file = path.join(dir, 'incoming-2.csv');
    incomingFile(file);
    const t = await copy();
    try {
      const packed = await PackedRegistry.load(t.database.db);
      const loaded = packed.size;
      await importCsv(t.database, {
        file,
        actor: 'test',
        batchSize: 500,
        today: TODAY,
        packedRegistry: false,
      });
      const added = await sql<StoredLinkRow>`SELECT ${LINK_COLUMNS} FROM record r
        JOIN source s ON s.id = r.source_id AND s.name = 'incoming'`.execute(t.database.db);
      // In two parts, as an import's batches arrive.
      const half = Math.floor(added.rows.length / 2);
      const byId = [...added.rows].sort((x, y) => (x.id < y.id ? -1 : 1));
      expect(packed.follow(byId.slice(0, half))).toBe(true);
      expect(packed.follow(byId.slice(half))).toBe(true);
      expect(packed.size).toBe(loaded + added.rows.length);
      // A record older than those held is refused, and nothing changes.
      expect(
        packed.follow([{ ...(byId[0] as StoredLinkRow), id: '00000000-0000-7000-8000-000000000000' }]),
      ).toBe(false);
      expect(packed.size).toBe(loaded + added.rows.length);
      const { rows, crowd } = registryRows();
      const probes = [
        ...rows.filter((_, i) => i % 4 === 1),
        ...crowd,
        ...crowd.map((r) => ({ ...r, birth_date: '' })),
      ].map((r, i) => {
        const c = validateRecordFields(r);
        if (!c.ok) throw new Error('invalid generated row');
        return probeOf(`ffffffff-ffff-7fff-bfff-${String(i).padStart(12, '0')}`, c.value);
      });
      const sqlFound = await candidatePersons(t.database.db, probes);
      const { found, capped } = packed.lookUp(probes);
      const shape = (l: readonly CandidatePerson[] | undefined): string =>
        JSON.stringify((l ?? []).map((c) => ({ personId: c.personId, records: c.records })));
      const differing = found.flatMap((f, i) => (shape(f) === shape(sqlFound[i]) ? [] : [i]));
      expect(differing).toEqual([]);
      expect(capped.filter(Boolean).length).toBeGreaterThan(CROWD);
      // Some probes find persons that hold a record added after the load.
      const addedIds = new Set(added.rows.map((r) => r.id));
      expect(
        found.filter((l) => l.some((c) => c.records.some((r) => addedIds.has(r.id)))).length,
      ).toBeGreaterThan(100);
    } finally {
      await t.drop();
    }
  }, 600_000);
});
