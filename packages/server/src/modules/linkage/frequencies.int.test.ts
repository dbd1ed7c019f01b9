import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { migrate, readMigrations } from '../../db/migrate.js';
import { seedRegistry } from '../../seed/seedRegistry.js';
import { importCsv } from '../imports/csvImport.js';
import { retrainIfGrown } from './train.js';
import {
  addNameCounts,
  compactNameCounts,
  countNames,
  KeysCounted,
  NameCountReads,
  NameCounts,
  termFrequenciesOf,
} from './frequencies.js';
import { recordsBeside } from './candidates.js';
import { toLinkRecord, type LinkRecord, type StoredRecordFields } from '@homecoming/linkage';

// Generated people only.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'f1,Ґудзь,Петро,Іванович,male,1981-03-04',
  'f2,Gudz,Petro,Ivanovych,male,1981-03-04',
  'f3,Коваленко,Андрій,,male,1990',
].join('\n');

describe.each(DATABASE_KINDS)('name frequencies kept with the records on %s', (kind) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-freq-'));
  });
  afterAll(async () => {
    await t?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const counts = async (): Promise<Record<string, number>> => {
    const rows = await sql<{ kind: string; key: string; n: string }>`
      SELECT kind, key, sum(n)::text AS n FROM name_frequency GROUP BY kind, key`.execute(t.database.db);
    return Object.fromEntries(rows.rows.map((r) => [`${r.kind}:${r.key}`, Number(r.n)]));
  };

  it('counts every written record by family key and given class, and not a re-imported one twice', async () => {
    const file = path.join(dir, 'list.csv');
    fs.writeFileSync(file, CSV);
    await importCsv(t.database, { file, defaultSource: 'desk', actor: 'test' });
    await importCsv(t.database, { file, defaultSource: 'desk', actor: 'test' });
    const c = await counts();
    expect(c['records:']).toBe(3);
    expect(c['family:gudz']).toBe(2);
    expect(c['family:kovalenko']).toBe(1);
    expect(c['given:petro']).toBe(2);
    // Fathers' classes and birth years, with how many records give one (migration 0035).
    expect(c['father:ivan']).toBe(2);
    expect(c['father:']).toBe(2);
    expect(c['year:1981']).toBe(2);
    expect(c['year:1990']).toBe(1);
    expect(c['year:']).toBe(3);
    // Names held together (migration 0055, linkage fs-20): a surname with a given name, a given name with a
    // father's class, and under 'given|' the records of the given name that give a father.
    expect(c['family_given:gudz|petro']).toBe(2);
    expect(c['family_given:kovalenko|andrii']).toBe(1);
    expect(c['given_father:petro|ivan']).toBe(2);
    expect(c['given_father:petro|']).toBe(2);
    expect(c['given_father:andrii|']).toBeUndefined();
    // The family phonetic keys too (migration 0029): the evidence of a phonetic agreement.
    const codes = await sql<{ key: string; n: string }>`
      SELECT key_family_phonetic AS key, count(*)::text AS n FROM record GROUP BY 1`.execute(t.database.db);
    expect(codes.rows.length).toBeGreaterThan(0);
    for (const r of codes.rows) expect(c[`phonetic:${r.key}`]).toBe(Number(r.n));
    const recorded = await sql<{ n: string }>`SELECT count(*)::text AS n FROM record`.execute(t.database.db);
    expect(Number(recorded.rows[0]?.n)).toBe(c['records:']);
  });

  it('counts the records a seed writes, as an import does (the evidence follows a seeded registry)', async () => {
    await seedRegistry(t.database, { persons: 300, seed: 5, actor: 'test', profile: 'realistic' });
    // Seeding again writes nothing new and counts nothing twice.
    await seedRegistry(t.database, { persons: 300, seed: 5, actor: 'test', profile: 'realistic' });
    const c = await counts();
    const recount = await sql<{ kind: string; key: string; n: string }>`
      SELECT 'family' AS kind, key_family AS key, count(*)::text AS n FROM record WHERE key_family IS NOT NULL GROUP BY key_family
      UNION ALL SELECT 'given', key_given, count(*)::text FROM record WHERE key_given IS NOT NULL GROUP BY key_given
      UNION ALL SELECT 'phonetic', key_family_phonetic, count(*)::text FROM record
        WHERE key_family_phonetic IS NOT NULL GROUP BY key_family_phonetic
      UNION ALL SELECT 'father', key_father, count(*)::text FROM record WHERE key_father IS NOT NULL GROUP BY key_father
      UNION ALL SELECT 'father', '', count(*)::text FROM record WHERE key_father IS NOT NULL
      UNION ALL SELECT 'year', birth_year::text, count(*)::text FROM record WHERE birth_year IS NOT NULL GROUP BY birth_year
      UNION ALL SELECT 'year', '', count(*)::text FROM record WHERE birth_year IS NOT NULL
      UNION ALL SELECT 'family_given', key_family || '|' || key_given, count(*)::text FROM record
        WHERE key_family IS NOT NULL AND key_given IS NOT NULL GROUP BY key_family, key_given
      UNION ALL SELECT 'given_father', key_given || '|' || key_father, count(*)::text FROM record
        WHERE key_given IS NOT NULL AND key_father IS NOT NULL GROUP BY key_given, key_father
      UNION ALL SELECT 'given_father', key_given || '|', count(*)::text FROM record
        WHERE key_given IS NOT NULL AND key_father IS NOT NULL GROUP BY key_given
      UNION ALL SELECT 'records', '', count(*)::text FROM record`.execute(t.database.db);
    expect(c['records:']).toBe(303);
    expect(c).toEqual(Object.fromEntries(recount.rows.map((r) => [`${r.kind}:${r.key}`, Number(r.n)])));
  });

  it('counts the phonetic keys of the records a registry held before migration 0029', async () => {
    const before = await counts();
    // As a registry migrated before 0029 stands: no phonetic rows (nor 0035's and 0055's, which come after it).
    await sql`DELETE FROM name_frequency
      WHERE kind IN ('phonetic', 'father', 'year', 'family_given', 'given_father')`.execute(t.database.db);
    await sql`DELETE FROM schema_migration WHERE version IN ('0029', '0035', '0055')`.execute(t.database.db);
    expect(
      await migrate(
        t.database.pool,
        readMigrations().filter((m) => ['0029', '0035', '0055'].includes(m.version)),
      ),
    ).toEqual(['0029', '0035', '0055']);
    expect(await counts()).toEqual(before);
  });

  it("counts the fathers' classes and birth years of the records a registry held before migration 0035", async () => {
    const before = await counts();
    expect(before['father:']).toBeGreaterThan(100);
    expect(before['year:']).toBeGreaterThan(100);
    // As a registry migrated before 0035 stands: no father or year rows (nor 0055's, which comes after it).
    await sql`DELETE FROM name_frequency
      WHERE kind IN ('father', 'year', 'family_given', 'given_father')`.execute(t.database.db);
    await sql`DELETE FROM schema_migration WHERE version IN ('0035', '0055')`.execute(t.database.db);
    expect(
      await migrate(
        t.database.pool,
        readMigrations().filter((m) => m.version === '0035' || m.version === '0055'),
      ),
    ).toEqual(['0035', '0055']);
    expect(await counts()).toEqual(before);
  });

  it('counts the names held together of the records a registry held before migration 0055', async () => {
    const before = await counts();
    const joint = Object.keys(before).filter(
      (k) => k.startsWith('family_given:') || k.startsWith('given_father:'),
    );
    expect(joint.length).toBeGreaterThan(100);
    // As a registry migrated before 0055 stands: no joint rows, and a kind check that refuses them.
    await sql`DELETE FROM name_frequency WHERE kind IN ('family_given', 'given_father')`.execute(
      t.database.db,
    );
    await sql`ALTER TABLE name_frequency DROP CONSTRAINT name_frequency_kind_check`.execute(t.database.db);
    await sql`ALTER TABLE name_frequency ADD CONSTRAINT name_frequency_kind_check
      CHECK (kind IN ('family', 'given', 'phonetic', 'father', 'year', 'records'))`.execute(t.database.db);
    await sql`DELETE FROM schema_migration WHERE version = '0055'`.execute(t.database.db);
    expect(
      await migrate(
        t.database.pool,
        readMigrations().filter((m) => m.version === '0055'),
      ),
    ).toEqual(['0055']);
    expect(await counts()).toEqual(before);
  });

  it('answers from counts kept in memory exactly as from the table, before and after a batch is written', async () => {
    const stored = await sql<StoredRecordFields>`
      SELECT id, key_family, key_family_phonetic, key_given, key_father, given_name, patronymic, sex,
        birth_year, birth_month, birth_day, unit, service_number
      FROM record ORDER BY id`.execute(t.database.db);
    const records = stored.rows.map(toLinkRecord);
    expect(records.length).toBeGreaterThan(100);
    // A "batch": stored records' names again (common and rare keys), and one name nobody holds.
    const batch = [
      ...records.slice(0, 60),
      { ...(records[0] as LinkRecord), id: 'new', family: 'zzyzx', familyPhonetic: 'ZZ', given: 'x:zzyzx' },
    ];
    const memory = await NameCounts.read(t.database.db, 100_000);
    expect(memory).not.toBeNull();
    expect(memory?.of(batch)).toEqual(await termFrequenciesOf(t.database.db, batch, batch));
    // The batch is written; the next one reads the counts with it.
    await countNames(t.database.db, batch);
    memory?.add(batch);
    const next = records.slice(30, 120);
    expect(memory?.of(next)).toEqual(await termFrequenciesOf(t.database.db, next, next));
    // A table with more keys than the memory may hold is left to be read.
    expect(await NameCounts.read(t.database.db, 3)).toBeNull();
  });

  it("answers a list's batches with the keys read once as reading them for each batch", async () => {
    const stored = await sql<StoredRecordFields>`
      SELECT id, key_family, key_family_phonetic, key_given, key_father, given_name, patronymic, sex,
        birth_year, birth_month, birth_day, unit, service_number
      FROM record ORDER BY id`.execute(t.database.db);
    const records = stored.rows.map(toLinkRecord);
    const nobody = {
      ...(records[0] as LinkRecord),
      id: 'new',
      family: 'zzyzx',
      familyPhonetic: 'ZZ',
      given: 'x:zzyzx',
    };
    const reads = new NameCountReads();
    // Batches asking keys an earlier one read, a name nobody holds (twice), a batch of one.
    for (const batch of [
      [...records.slice(0, 40), nobody],
      records.slice(20, 80),
      [nobody, ...records.slice(70, 71)],
      records.slice(0, 120),
    ])
      expect(await reads.of(t.database.db, batch)).toEqual(await termFrequenciesOf(t.database.db, batch));
  });

  it('counts the batch written beside a read whether or not it has committed by then', async () => {
    const stored = await sql<StoredRecordFields>`
      SELECT id, key_family, key_family_phonetic, key_given, key_father, given_name, patronymic, sex,
        birth_year, birth_month, birth_day, unit, service_number
      FROM record ORDER BY id`.execute(t.database.db);
    const records = stored.rows.map(toLinkRecord);
    // The batch beside, and a batch read beside it whose keys are partly the same.
    const beside = records.slice(0, 60);
    const next = records.slice(30, 120);
    // Committed: its records are stored and counted.
    const committed = await termFrequenciesOf(t.database.db, next, next, recordsBeside(beside));
    expect(committed).toEqual(await termFrequenciesOf(t.database.db, next, next));
    // Not yet: the table without its counts, and none of its ids stored (the same records, other ids).
    const uncounted = beside.map((keys) => ({ keys, n: -1 }));
    await addNameCounts(t.database.db, uncounted, -beside.length);
    try {
      const unwritten = beside.map((r, i) => ({
        ...r,
        id: `ffffffff-ffff-7fff-bfff-${String(i).padStart(12, '0')}`,
      }));
      expect(await termFrequenciesOf(t.database.db, next, next, recordsBeside(unwritten))).toEqual(committed);
    } finally {
      await addNameCounts(
        t.database.db,
        uncounted.map((c) => ({ ...c, n: 1 })),
        beside.length,
      );
    }
  });

  it("folds an import's rows of name counts into one a key when it ends, the counts unchanged", async () => {
    const file = path.join(dir, 'folded.csv');
    // Three batches of two rows sharing a family key, a given class and a year.
    fs.writeFileSync(
      file,
      [
        'external_id,family_name,given_name,patronymic,sex,birth_date',
        ...Array.from(
          { length: 6 },
          (_, i) => `k${i},Кравчук,Марія,Петрівна,female,${1960 + (i % 2)}-05-0${i + 1}`,
        ),
      ].join('\n'),
    );
    // As a registry written before the seed and imports folded theirs: a key of several rows, and one
    // summing to 0 (its row stays, as 0: a key counted 0 and one not counted need not weigh alike).
    await addNameCounts(
      t.database.db,
      [{ keys: { family: 'qqqq', given: null, familyPhonetic: null, father: null }, n: 1 }],
      0,
    );
    await addNameCounts(
      t.database.db,
      [{ keys: { family: 'qqqq', given: null, familyPhonetic: null, father: null }, n: -1 }],
      0,
    );
    const before = await counts();
    const r = await importCsv(t.database, { file, defaultSource: 'folded', actor: 'test', batchSize: 2 });
    expect(r.imported).toBe(6);
    const after = await counts();
    expect(after['records:']).toBe((before['records:'] ?? 0) + 6);
    expect(after['family:kravchuk']).toBe((before['family:kravchuk'] ?? 0) + 6);
    expect(after['year:']).toBe((before['year:'] ?? 0) + 6);
    // Every key the import counted is one row now; the keys it did not count as they were.
    const rowsOfKeys = async (): Promise<Record<string, number>> => {
      const x = await sql<{ kind: string; key: string; n: string }>`
        SELECT kind, key, count(*)::text AS n FROM name_frequency GROUP BY kind, key`.execute(t.database.db);
      return Object.fromEntries(x.rows.map((y) => [`${y.kind}:${y.key}`, Number(y.n)]));
    };
    const held = await rowsOfKeys();
    for (const k of ['records:', 'family:kravchuk', 'year:', 'year:1960', 'year:1961', 'father:'])
      expect(held[k]).toBe(1);
    expect(held['family:qqqq']).toBe(2);
    expect(after['family:qqqq']).toBe(0);
    // A migration folds the rest; the sums are the same, the key of 0 kept.
    await sql`DELETE FROM schema_migration WHERE version = '0050'`.execute(t.database.db);
    expect(
      await migrate(
        t.database.pool,
        readMigrations().filter((m) => m.version === '0050'),
      ),
    ).toEqual(['0050']);
    expect(await counts()).toEqual(after);
    expect(Math.max(...Object.values(await rowsOfKeys()))).toBe(1);
  });

  it('folds no row another import adds meanwhile, committed after the fold began or not yet', async () => {
    if (kind !== 'postgres') return; // one connection: nobody else writes meanwhile
    const keys = new KeysCounted();
    const probe = { family: 'kravchuk', given: null, familyPhonetic: null, father: null };
    keys.add([probe]);
    await addNameCounts(t.database.db, [{ keys: probe, n: 1 }], 1);
    const before = await counts();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let added: () => void = () => undefined;
    const written = new Promise<void>((resolve) => (added = resolve));
    // Another import's batch: its rows written, not yet committed while the fold runs.
    const other = t.database.db.transaction().execute(async (trx) => {
      await addNameCounts(trx, [{ keys: probe, n: 2 }], 2);
      added();
      await held;
    });
    await written;
    expect(await compactNameCounts(t.database.db, keys)).toBeGreaterThan(0);
    release();
    await other;
    const after = await counts();
    expect(after['family:kravchuk']).toBe((before['family:kravchuk'] ?? 0) + 2);
    expect(after['records:']).toBe((before['records:'] ?? 0) + 2);
    // Folded again: one row a key.
    await compactNameCounts(t.database.db, keys);
    expect(await counts()).toEqual(after);
    const rows = await sql<{ n: string }>`SELECT count(*)::text AS n FROM name_frequency
      WHERE (kind, key) IN (('family', 'kravchuk'), ('records', ''))`.execute(t.database.db);
    expect(rows.rows[0]?.n).toBe('2');
  });

  it('does not retrain a registry too small to learn from', async () => {
    expect(await retrainIfGrown(t.database, { actor: 'test' })).toBeNull();
  });
});
