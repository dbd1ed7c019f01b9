import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LinkRecord } from '@homecoming/linkage';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from '../imports/csvImport.js';
import { validateRecordFields, type RawRecordFields } from '../records/validate.js';
import { candidatePersons, probeOf } from './candidates.js';
import { FamilyKeyCounts, FamilyKeyReads } from './familyKeys.js';

const TODAY = new Date('2026-11-26T12:00:00Z');
const HEADER = 'external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Generated people only: common surnames (several records each), each garbled a letter or two, and the
// garbles repeated (a scanner misreads one surname alike), so that keys cross RARE_FAMILY_RECORDS.
const SURNAMES = [
  'Коваленко',
  'Оваленко',
  'Шевченко',
  'Бондаренко',
  'Ткаченко',
  'Гуменюк',
  'Щербина',
  'Куликов',
];
const GIVEN = ['Ігор', 'Петро', 'Андрій', 'Тарас'];
const FATHER = ['Іванович', 'Петрович', ''];
const LETTERS = 'аоеинктрлвс';

function garbled(rnd: () => number, s: string, edits: number): string {
  let out = s;
  for (let e = 0; e < edits; e++) {
    const at = 1 + Math.floor(rnd() * (out.length - 1));
    const c = LETTERS[Math.floor(rnd() * LETTERS.length)] as string;
    const what = rnd();
    out =
      what < 0.4
        ? out.slice(0, at) + out.slice(at + 1)
        : what < 0.7
          ? out.slice(0, at) + c + out.slice(at)
          : out.slice(0, at) + c + out.slice(at + 1);
  }
  return out;
}

/** Rows of a list: `n` people, their surnames common, garbled once or twice, garbles reused. */
function rows(seed: number, n: number, prefix: string): string[][] {
  const rnd = random(seed);
  const garbles: string[] = [];
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const base = SURNAMES[Math.floor(rnd() * rnd() * SURNAMES.length)] as string;
    const r = rnd();
    const family =
      r < 0.55
        ? base
        : r < 0.75 && garbles.length > 0
          ? (garbles[Math.floor(rnd() * garbles.length)] as string)
          : garbled(rnd, base, 1 + Math.floor(rnd() * 2));
    if (family !== base) garbles.push(family);
    const year = rnd() < 0.15 ? '' : String(1968 + Math.floor(rnd() * 5));
    out.push([
      `${prefix}${i}`,
      prefix,
      'military',
      family,
      GIVEN[Math.floor(rnd() * GIVEN.length)] as string,
      FATHER[Math.floor(rnd() * FATHER.length)] as string,
      'male',
      year,
      'missing',
    ]);
  }
  return out;
}

function writeList(dir: string, name: string, list: string[][]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, [HEADER, ...list.map((r) => r.join(','))].join('\n') + '\n');
  return file;
}

function probeOfRow(r: string[], i: number): LinkRecord {
  const [external_id, , category, family_name, given_name, patronymic, sex, birth_date] = r;
  const checked = validateRecordFields({
    external_id,
    source: 'probe',
    category,
    family_name,
    given_name,
    patronymic,
    sex,
    birth_date,
  } as RawRecordFields);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return probeOf(`00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, checked.value);
}

/** What an import decided: each person as its records' external ids, the review pairs and the links. */
async function outcome(database: Database): Promise<{ persons: string[]; pairs: string[]; links: string[] }> {
  const persons = await sql<{ ids: string }>`
    SELECT string_agg(r.external_id, ' ' ORDER BY r.external_id) AS ids FROM record r GROUP BY r.person_id`.execute(
    database.db,
  );
  const pairs = await sql<{ p: string }>`
    SELECT a.external_id || ' ' || b.external_id || ' ' || round(rp.score::numeric, 6) AS p
    FROM review_pair rp JOIN record a ON a.id = rp.left_record_id JOIN record b ON b.id = rp.right_record_id`.execute(
    database.db,
  );
  const links = await sql<{ l: string }>`
    SELECT r.external_id || ' ' || l.kind || ' ' || coalesce(round(l.score::numeric, 6)::text, '-') AS l
    FROM link l JOIN record r ON r.id = l.record_id WHERE l.ended_at IS NULL`.execute(database.db);
  return {
    persons: persons.rows.map((r) => r.ids).sort(),
    pairs: pairs.rows.map((r) => r.p).sort(),
    links: links.rows.map((r) => r.l).sort(),
  };
}

describe.each(DATABASE_KINDS)("the near neighbours found in an importer's memory, on %s", (kind) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-family-keys-'));
    await importCsv(t.database, {
      file: writeList(dir, 'registry.csv', rows(3, 260, 'registry')),
      actor: 'test',
      today: TODAY,
    });
  });
  afterAll(async () => {
    await t?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives every probe the same neighbours and candidates with the counts loaded whole or read for its probes alone', async () => {
    const probes = rows(5, 300, 'list').map(probeOfRow);
    const counts = await FamilyKeyCounts.load(t.database.db);
    // A list's, an exchange's, a tracing request's: the keys near these probes, counted for them.
    const scoped = await FamilyKeyCounts.forProbes(t.database.db, probes, sql``);
    const few = await FamilyKeyCounts.forProbes(t.database.db, probes.slice(0, 3), sql``);
    for (const [i, p] of probes.entries())
      for (const near2 of [true, false]) {
        expect({ f: p.family, ...scoped.neighbours(p, near2) }).toEqual({
          f: p.family,
          ...counts.neighbours(p, near2),
        });
        if (i < 3)
          expect({ f: p.family, ...few.neighbours(p, near2) }).toEqual({
            f: p.family,
            ...counts.neighbours(p, near2),
          });
      }
    const viaSql = await candidatePersons(t.database.db, probes);
    const viaMemory = await candidatePersons(
      t.database.db,
      probes,
      undefined,
      undefined,
      1,
      undefined,
      null,
      counts,
    );
    const shape = (l: readonly { personId: string; records: readonly { id: string }[] }[]) =>
      l.map((c) => `${c.personId}:${c.records.map((r) => r.id).join(',')}`);
    const differing = probes.flatMap((p, i) =>
      JSON.stringify(shape(viaSql[i] ?? [])) === JSON.stringify(shape(viaMemory[i] ?? [])) ? [] : [p.family],
    );
    expect(differing).toEqual([]);
    // The rules were read: probes with rare neighbours, common ones, two letters off.
    const nb = probes.map((p) => counts.neighbours(p, true));
    expect(nb.filter((n) => n.nr !== null).length).toBeGreaterThan(20);
    expect(nb.filter((n) => n.nc !== null).length).toBeGreaterThan(20);
    expect(nb.filter((n) => n.n2r !== null || n.n2c !== null).length).toBeGreaterThan(20);
  }, 300_000);

  it("gives a list's batches the same neighbours and candidates with the keys' reads remembered", async () => {
    const probes = rows(7, 300, 'list').map(probeOfRow);
    const reads = new FamilyKeyReads();
    // Batches as a list's, some asking keys an earlier one read, one of a single probe.
    for (const [from, to] of [
      [0, 120],
      [120, 121],
      [60, 200],
      [200, 300],
    ] as const) {
      const batch = probes.slice(from, to);
      const anew = await FamilyKeyCounts.forProbes(t.database.db, batch, sql``);
      const remembered = await FamilyKeyCounts.forProbes(t.database.db, batch, sql``, reads);
      for (const p of batch)
        for (const near2 of [true, false])
          expect({ f: p.family, ...remembered.neighbours(p, near2) }).toEqual({
            f: p.family,
            ...anew.neighbours(p, near2),
          });
      const shape = (l: readonly { personId: string; records: readonly { id: string }[] }[]) =>
        l.map((c) => `${c.personId}:${c.records.map((r) => r.id).join(',')}`);
      const viaSql = await candidatePersons(t.database.db, batch);
      const viaReads = await candidatePersons(
        t.database.db,
        batch,
        undefined,
        undefined,
        1,
        undefined,
        null,
        reads,
      );
      expect(batch.map((_, i) => shape(viaReads[i] ?? []))).toEqual(
        batch.map((_, i) => shape(viaSql[i] ?? [])),
      );
    }
  }, 300_000);

  it('imports a list the same with the counts held or read per statement, its writes delayed or read in turn', async () => {
    const list = writeList(dir, 'list.csv', rows(5, 300, 'list'));
    const common = { file: list, actor: 'test', batchSize: 25, today: TODAY, memoryIndexRows: 0 };
    const ways: Record<string, Partial<Parameters<typeof importCsv>[1]>> = {
      'counts held, beside the writer': {},
      'counts read per statement': { familyCounts: false },
      'counts held, writes delayed': { writeDelayMs: 150 },
      'counts held, in turn': { readBesideWriter: false },
    };
    const seen: { way: string; summary: object; outcome: object }[] = [];
    for (const [way, options] of Object.entries(ways)) {
      const u = await openTestDatabase(kind);
      try {
        await importCsv(u.database, {
          file: writeList(dir, `registry-${seen.length}.csv`, rows(3, 260, 'registry')),
          actor: 'test',
          today: TODAY,
        });
        const s = await importCsv(u.database, { ...common, ...options });
        const { imported, linked, possible, relinked } = s;
        seen.push({
          way,
          summary: { imported, linked, possible, relinked },
          outcome: await outcome(u.database),
        });
      } finally {
        await u.dispose();
      }
    }
    const [first, ...others] = seen;
    expect(first?.summary).toMatchObject({ imported: 300 });
    for (const other of others) {
      expect({ way: other.way, ...other.summary }).toEqual({ way: other.way, ...first?.summary });
      expect({ way: other.way, ...other.outcome }).toEqual({ way: other.way, ...first?.outcome });
    }
  }, 600_000);
});
