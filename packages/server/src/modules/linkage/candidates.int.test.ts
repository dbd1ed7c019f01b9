import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from '../imports/csvImport.js';
import { validateRecordFields, type RawRecordFields } from '../records/validate.js';
import { CANDIDATES_PER_PROBE, candidatePersons, probeOf } from './candidates.js';
import { trainRegistryModel } from './train.js';

// Generated people only. Forty-five namesakes born the same year (each a different father and birthday),
// and the man himself, whom a second source also reports with his service number. (In a registry where
// every record is a Мельник Іван of 1985, names and year say little (fs-12 weighs the year by its count):
// the service number is what joins his two records.)
const FATHERS = [
  'Андрійович',
  'Богданович',
  'Васильович',
  'Григорович',
  'Дмитрович',
  'Євгенович',
  'Олегович',
];
const NAMESAKES = Array.from({ length: 45 }, (_, k) => {
  const month = String((k % 12) + 1).padStart(2, '0');
  const day = String((k % 27) + 1).padStart(2, '0');
  return `n${k},registry,military,Мельник,Іван,${FATHERS[k % FATHERS.length] ?? ''},male,1985-${month}-${day},missing,`;
});
const HEADER =
  'external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status,service_number';
const REGISTRY = [
  HEADER,
  ...NAMESAKES,
  'man,registry,military,Мельник,Іван,Петрович,male,1985-04-30,missing,АБ123456',
];
const SECOND = [HEADER, 'm2,ombudsman,military,Мельник,Іван,Петрович,male,1985-04-30,missing,АБ123456'];

function probe(fields: Partial<RawRecordFields>) {
  const checked = validateRecordFields({
    external_id: 'p',
    source: 'list',
    category: 'military',
    ...fields,
  } as RawRecordFields);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return probeOf('p', checked.value);
}

describe.each(DATABASE_KINDS)('candidates per probe on %s', (kind) => {
  let t: TestDatabase;
  let man: string;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-candidates-'));
    fs.writeFileSync(path.join(dir, 'registry.csv'), REGISTRY.join('\n'));
    fs.writeFileSync(path.join(dir, 'second.csv'), SECOND.join('\n'));
    await importCsv(t.database, { file: path.join(dir, 'registry.csv'), actor: 'test' });
    await importCsv(t.database, { file: path.join(dir, 'second.csv'), actor: 'test' });
    const rows = await sql<{ external_id: string; person_id: string }>`
      SELECT external_id, person_id FROM record`.execute(t.database.db);
    const of = new Map(rows.rows.map((r) => [r.external_id, r.person_id]));
    man = of.get('man') as string;
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('keeps at most CANDIDATES_PER_PROBE persons, the man among them with all his records', async () => {
    const persons = await sql<{ n: number }>`SELECT count(*)::int4 AS n FROM person`.execute(t.database.db);
    // The setting this test needs: every namesake a person of its own, the man's two records one person.
    expect(persons.rows[0]?.n).toBe(46);
    const p = probe({
      family_name: 'Мельник',
      given_name: 'Іван',
      patronymic: 'Петрович',
      sex: 'male',
      birth_date: '1985-04-30',
    });
    const [found] = await candidatePersons(t.database.db, [p]);
    expect(found).toHaveLength(CANDIDATES_PER_PROBE);
    // Ranked by the pre-score: the man agrees on the father and the birthday, no namesake on both.
    expect(found?.[0]?.personId).toBe(man);
    expect(found?.[0]?.records).toHaveLength(2);
    // Every other candidate holds its one record, returned by the lookup itself.
    expect(found?.slice(1).every((c) => c.records.length === 1)).toBe(true);
  });

  it('applies the cap over both statements when the broad blocks are asked too', async () => {
    const p = probe({ family_name: 'Мельник', given_name: 'Иван', birth_date: '1985' });
    const [found] = await candidatePersons(t.database.db, [p], undefined, () => false);
    expect(found?.length).toBeLessThanOrEqual(CANDIDATES_PER_PROBE);
    expect(new Set(found?.map((c) => c.personId)).size).toBe(found?.length);
  });

  it('answers a batch split over several statements at once exactly as one statement', async () => {
    // 250 probes: enough for two parts of 100 or more. Each a namesake's details, or the man's.
    const probes = Array.from({ length: 250 }, (_, k) =>
      probe({
        family_name: 'Мельник',
        given_name: k % 3 === 0 ? 'Иван' : 'Іван',
        patronymic: FATHERS[k % FATHERS.length] ?? '',
        sex: 'male',
        birth_date:
          k % 5 === 0
            ? '1985'
            : `1985-${String((k % 12) + 1).padStart(2, '0')}-${String((k % 27) + 1).padStart(2, '0')}`,
      }),
    );
    // The broad blocks asked for every third probe only: the split must hand `settled` the batch's index.
    const asked: number[][] = [[], []];
    const settledBy = (run: number) => (i: number) => {
      asked[run]?.push(i);
      return i % 3 !== 0;
    };
    const whole = await candidatePersons(t.database.db, probes, undefined, settledBy(0));
    const split = await candidatePersons(t.database.db, probes, undefined, settledBy(1), 2);
    expect(split).toEqual(whole);
    expect([...(asked[1] ?? [])].sort((a, b) => a - b)).toEqual([...(asked[0] ?? [])].sort((a, b) => a - b));
    // Inside a transaction (one connection) the batch is not split, and the answer is the same.
    const inTrx = await t.database.db
      .transaction()
      .execute((trx) => candidatePersons(trx, probes, undefined, (i) => i % 3 !== 0, 2));
    expect(inTrx).toEqual(whole);
  });

  it("trains a prior from the man's two records, not from his 45 namesakes (fs-16)", async () => {
    // One true pair among 47 records: 2 / 47 other records per record (the model's floor is 0.05). The
    // largest EM session's count (before fs-16) took the namesakes of the family + birth year block for matches.
    const model = await trainRegistryModel(t.database, { actor: 'test', randomPairs: 1000 });
    expect(model.version).toMatch(/^fs-31:/);
    expect(model.matchesPerRecord).toBeLessThan(0.2);
    const sessions = await trainRegistryModel(t.database, {
      actor: 'test',
      randomPairs: 1000,
      matchesFrom: 'sessions',
    });
    expect(sessions.matchesPerRecord).toBeGreaterThan(0.5);
  });

  it("trains on a sample of the persons, and records the registry's size for the growth check", async () => {
    const model = await trainRegistryModel(t.database, {
      actor: 'test',
      randomPairs: 1000,
      sampleRecords: 40,
    });
    expect(model.trained?.records).toBe(47);
    const audit = await sql<{ detail: { records: number; sampled: number } }>`
      SELECT detail FROM audit_entry WHERE action = 'model.train' ORDER BY seq DESC LIMIT 1`.execute(
      t.database.db,
    );
    const detail = audit.rows[0]?.detail;
    expect(detail?.records).toBe(47);
    expect(detail?.sampled).toBeGreaterThan(1);
    expect(detail?.sampled).toBeLessThan(47);
  });
});
