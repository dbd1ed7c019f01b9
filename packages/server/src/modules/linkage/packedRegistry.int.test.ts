import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileModel, type CandidatePerson } from '@homecoming/linkage';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from '../imports/csvImport.js';
import { validateRecordFields } from '../records/validate.js';
import { CSV_HEADER, csvLine, generatePopulation } from '../../seed/population.js';
import { seedRegistry } from '../../seed/seedRegistry.js';
import type { CanonicalCsvRow } from '../registry/vocabulary.js';
import { candidatePersons, confidentMatch, probeOf } from './candidates.js';
import { termFrequenciesOf } from './frequencies.js';
import { loadModel } from './model.js';
import { PackedRegistry } from './packedRegistry.js';

// Generated people only: a harsh registry (220 surnames, so blocks of namesakes), a second source's
// variants of some of them (persons of two records), a crowd of namesakes (one surname, one birth year:
// blocks over their LIMITs), and probes of four kinds: the registry's own rows (each finds its man), the
// same rows without a birth date or a given name (the no-year branches, the family-in-use tests), the
// crowd's rows, and strangers drawn alike.
const PERSONS = 1500;
/** The store's fields that answer lookups (a load's scratch and builder aside). */
const STORE_FIELDS = [
  'base',
  'count',
  'basePersons',
  'strings',
  'recId',
  'idRank',
  'personOf',
  'family',
  'phonetic',
  'given',
  'givenSkel',
  'father',
  'patSkel',
  'givenInit',
  'fatherInit',
  'unit',
  'unitFold',
  'service',
  'year',
  'month',
  'day',
  'sex',
  'personIdWords',
  'personStart',
  'familyDerived',
  'familyInUse',
  'familyRecords',
  'rules',
  'nearHash',
  'nearGlyph',
  'near2Hash',
  'near2Glyph',
  'glyphsHeld',
  'lastRecordId',
  'lastPersonId',
] as const;
const CROWD = 160;

/** The unit's other writings, in turn (with a subdivision after the code: cut, as both lookups fold it). */
const UNIT_WRITINGS = [
  (code: string) => code,
  (code: string) => `військова частина ${code}`,
  (code: string) => `military unit ${code.replace('А', 'A')}`,
  (code: string) => `ВЧ ${code.slice(0, 1)}-${code.slice(1)}`,
  (code: string) => `в/ч ${code}, 2-й батальйон`,
  (code: string) => `${code} (3rd battalion)`,
];
function unitProbes(rows: readonly CanonicalCsvRow[]): CanonicalCsvRow[] {
  return rows.flatMap((r, i) => {
    const code = /^в\/ч (\S+)$/u.exec(r.unit)?.[1];
    if (code === undefined || r.birth_date === '') return [];
    const write = UNIT_WRITINGS[i % UNIT_WRITINGS.length] as (code: string) => string;
    return [{ ...r, family_name: 'Юшкевичус', given_name: '', patronymic: '', unit: write(code) }];
  });
}

function probesOf(rows: readonly CanonicalCsvRow[], prefix: string) {
  return rows.map((r, i) => {
    const c = validateRecordFields(r);
    if (!c.ok) throw new Error(`invalid generated row ${r['external_id']}`);
    return probeOf(`${prefix}${i}`, c.value);
  });
}

describe.each(DATABASE_KINDS)('the packed registry on %s', (kind) => {
  let t: TestDatabase;
  let packed: PackedRegistry;
  let probes: ReturnType<typeof probesOf>;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedRegistry(t.database, { persons: PERSONS, seed: 3, actor: 'test', profile: 'harsh' });
    const rows = [...generatePopulation({ persons: PERSONS, seed: 3, source: 'x', profile: 'harsh' })];
    // A second source's copies of every tenth person: persons of two records.
    const second = rows
      .filter((_, i) => i % 10 === 0)
      .map((r) => ({ ...r, source: 'second source', external_id: `s-${r.external_id}` }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-packed-'));
    const file = path.join(dir, 'second.csv');
    fs.writeFileSync(file, [CSV_HEADER, ...second.map((r) => csvLine(r))].join('\n'));
    await importCsv(t.database, { file, actor: 'test' });
    // The crowd: other people given the first person's surname and, where they have one, the birth year.
    const first = rows[0] as CanonicalCsvRow;
    const year = first.birth_date.slice(0, 4) || '1975';
    const crowd = [...generatePopulation({ persons: CROWD, seed: 7, source: 'crowd', profile: 'harsh' })].map(
      (r) => ({
        ...r,
        family_name: first.family_name,
        birth_date: r.birth_date === '' ? '' : year + r.birth_date.slice(4),
      }),
    );
    const crowdFile = path.join(dir, 'crowd.csv');
    fs.writeFileSync(crowdFile, [CSV_HEADER, ...crowd.map((r) => csvLine(r))].join('\n'));
    await importCsv(t.database, { file: crowdFile, actor: 'test' });
    const strangers = [...generatePopulation({ persons: 300, seed: 99, source: 'y', profile: 'harsh' })];
    const mine = rows.filter((_, i) => i % 5 === 0);
    probes = [
      ...probesOf(mine, 'k'),
      ...probesOf(
        mine.map((r) => ({ ...r, birth_date: '' })),
        'y',
      ),
      ...probesOf(
        mine.map((r) => ({ ...r, given_name: '', patronymic: '' })),
        'g',
      ),
      ...probesOf(crowd, 'c'),
      ...probesOf(
        crowd.map((r) => ({ ...r, birth_date: '' })),
        'cy',
      ),
      ...probesOf(strangers, 's'),
      // Units written as other offices write them (the registry writes "в/ч А1234"), under a family name no
      // record holds and without given name or patronymic: the unit + birth year block alone finds the man.
      ...probesOf(unitProbes(mine), 'u'),
    ];
    packed = await PackedRegistry.load(t.database.db, { pageSize: 700 });
  }, 300_000);
  afterAll(async () => {
    await t.dispose();
  });

  /** The probes whose answers differ (persons, their order, their records). */
  const differing = (
    mine: readonly (readonly CandidatePerson[])[],
    theirs: readonly (readonly CandidatePerson[])[],
  ): number[] =>
    mine.flatMap((m, i) => {
      const shape = (l: readonly CandidatePerson[] | undefined) =>
        JSON.stringify((l ?? []).map((c) => ({ personId: c.personId, records: c.records })));
      return shape(m) === shape(theirs[i]) ? [] : [i];
    });

  it('holds every record of every person, each as the lookups read it', async () => {
    expect(packed.size).toBe(PERSONS + PERSONS / 10 + CROWD);
    expect(packed.persons).toBeGreaterThanOrEqual(PERSONS);
  });

  it('builds the same store from one binary COPY (PostgreSQL) as from pages of rows, string ids and all', async () => {
    // Records whose fields the COPY reader must take as the rows do: a unit folded two ways, no sex and a
    // family key alone, a name with a tab, a backslash and letters outside the BMP, a person of three records.
    const odd = await sql<{ id: string }>`SELECT id FROM person ORDER BY id LIMIT 1`.execute(t.database.db);
    const person = odd.rows[0]?.id as string;
    const source = await sql<{ id: number }>`SELECT id FROM source ORDER BY id LIMIT 1`.execute(
      t.database.db,
    );
    await sql`INSERT INTO record (id, person_id, source_id, external_id, family_name, given_name, patronymic, sex,
        birth_year, birth_month, birth_day, unit, service_number, reliability, entered_by, key_family,
        key_family_phonetic, key_given, key_father)
      VALUES
        ('00000000-0000-7000-8000-00000000000a', ${person}, ${source.rows[0]?.id}, 'odd-1', 'Шевченко', E'Ів\tан',
          'Петрович', NULL, 1970, NULL, NULL, 'в/ч a-1234', 'AB 12/34', 'C', 'test', 'shevchenko', 'SVNK', 'ivan', 'petro'),
        ('00000000-0000-7000-8000-00000000000b', ${person}, ${source.rows[0]?.id}, 'odd-2', E'Шев\\ченко 𝔸', NULL,
          NULL, 'female', NULL, NULL, NULL, 'В/Ч А-1234', NULL, 'C', 'test', E'shev\\chenko', NULL, NULL, 'petro')`.execute(
      t.database.db,
    );
    try {
      const fields = (store: PackedRegistry): Record<string, unknown> => {
        const o = store as unknown as Record<string, unknown>;
        return Object.fromEntries(
          [...STORE_FIELDS].map((k) => [k, k === 'strings' ? (o[k] as { text: string[] }).text : o[k]]),
        );
      };
      const paged = await PackedRegistry.load(t.database.db, { pageSize: 700 });
      const copied = await PackedRegistry.load(t.database.db, { pool: t.database.pool });
      expect(copied.size).toBe(packed.size + 2);
      expect(fields(copied)).toEqual(fields(paged));
    } finally {
      await sql`DELETE FROM record WHERE external_id IN ('odd-1', 'odd-2')`.execute(t.database.db);
    }
  });

  it('finds for each probe the persons and records the SQL lookups find, blocks over their LIMIT included', async () => {
    const sqlFound = await candidatePersons(t.database.db, probes);
    const { found, capped } = packed.lookUp(probes);
    expect(differing(found, sqlFound)).toEqual([]);
    // The crowd's probes meet blocks over their LIMITs (family + year, phonetic, glyph: 50 records).
    expect(capped.filter(Boolean).length).toBeGreaterThan(CROWD);
    expect(found.filter((f) => f.length > 0).length).toBeGreaterThan(probes.length / 2);
  });

  it('finds a man by his unit written otherwise (the unit block of the SQL lookups and of the store)', async () => {
    const at = probes.flatMap((p, i) => (p.id.startsWith('u') ? [i] : []));
    expect(at.length).toBeGreaterThan(20);
    const unitProbesOnly = at.map((i) => probes[i] as (typeof probes)[number]);
    const sqlFound = await candidatePersons(t.database.db, unitProbesOnly);
    const { found } = packed.lookUp(unitProbesOnly);
    expect(differing(found, sqlFound)).toEqual([]);
    // Each probe's unit, folded, is that of a record found (its man's, or another's of that unit and year).
    const hit = unitProbesOnly.filter((p, k) =>
      (sqlFound[k] ?? []).some((c) => c.records.some((r) => r.unit === p.unit)),
    );
    expect(hit.length).toBe(unitProbesOnly.length);
  });

  it('answers as the SQL when the broad blocks are read only for probes the selective ones leave unsettled', async () => {
    const cm = await loadModel(t.database.db);
    const bm = compileModel(cm.model, await termFrequenciesOf(t.database.db, probes, probes));
    const settled = (i: number, persons: Parameters<typeof confidentMatch>[2]) =>
      confidentMatch(bm, probes[i] as (typeof probes)[number], persons);
    const sqlFound = await candidatePersons(t.database.db, probes, undefined, settled);
    const { found, capped } = packed.lookUp(probes, settled);
    expect(differing(found, sqlFound)).toEqual([]);
    expect(capped.filter(Boolean).length).toBeGreaterThan(CROWD / 2);
  });

  it('reads a block over its LIMIT in an order of the data alone: the same answers after the rows move on disk', async () => {
    const before = await candidatePersons(t.database.db, probes);
    // The table rewritten in another order (by given name and patronymic: not the order the records were written in).
    await sql`CLUSTER record USING record_key_given_father_birth`.execute(t.database.db);
    await sql`ANALYZE record`.execute(t.database.db);
    const after = await candidatePersons(t.database.db, probes);
    expect(differing(after, before)).toEqual([]);
  });
});
