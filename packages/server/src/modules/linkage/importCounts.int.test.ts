import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase } from '../../test/databases.js';
import { KOVALENKO_REGISTRY } from '../../test/namesakes.js';
import { importCsv, type ImportOptions } from '../imports/csvImport.js';

const HEADER = 'external_id,source,category,family_name,given_name,patronymic,sex,birth_date';
const TODAY = new Date('2026-12-01T12:00:00Z');

// Generated people only. A surname many men of the registry carry (Коваленко, nine records), a record that
// misspells it (letters swapped: close, not of its phonetic code) about one of them, and a record of another
// Коваленко. The close agreement weighs by the rarity of the commoner of the two spellings (`spellingTf`):
// the candidate's, which the misspelt record does not carry. Its count must not depend on whether another
// record of the same batch carries it.
const REGISTRY = KOVALENKO_REGISTRY;
const NEIGHBOUR = 'b,registry,military,Коваленко,Дмитро,Ярославович,male,1958-12-24';
const MISSPELT = 'a,registry,military,Ковалекно,Тарас,Іванович,male,1990-01-05';

function tempFile(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-importcounts-'));
  const file = path.join(dir, 'registry.csv');
  fs.writeFileSync(file, content);
  return file;
}

/** The import's paths: a first bulk load in memory, the database's lookups, the packed store, pipelined. */
const PATHS: { name: string; opts: Partial<ImportOptions> }[] = [
  { name: 'a first bulk load (in memory)', opts: {} },
  { name: 'the lookups', opts: { memoryIndexRows: 0 } },
  { name: 'the packed store', opts: { memoryIndexRows: 0, packedRegistry: true } },
  { name: 'the packed store beside a first load', opts: { packedRegistry: true } },
  { name: 'pipelined reads', opts: { memoryIndexRows: 0, pipelineReads: true } },
];

describe.each(DATABASE_KINDS)(
  "an imported record's score does not depend on its batch's other records, on %s",
  (kind) => {
    /**
     * Imports the registry, the neighbour and the misspelt record in one file, in batches of `batchSize`, and
     * answers the misspelt record's automatic link: its score and the record its person holds.
     */
    const linkOfMisspelt = async (
      batchSize: number,
      opts: Partial<ImportOptions>,
    ): Promise<{ score: number; with: string[] }> => {
      const t = await openTestDatabase(kind);
      try {
        const file = tempFile([HEADER, ...REGISTRY, NEIGHBOUR, MISSPELT].join('\n'));
        await importCsv(t.database, { ...opts, file, actor: 'test', today: TODAY, batchSize });
        const rows = await sql<{ score: number; external_id: string }>`
        SELECT l.score, o.external_id FROM record r JOIN link l ON l.record_id = r.id AND l.kind = 'auto'
        JOIN record o ON o.person_id = r.person_id AND o.id <> r.id
        WHERE r.external_id = 'a' ORDER BY o.external_id`.execute(t.database.db);
        return { score: Number(rows.rows[0]?.score), with: rows.rows.map((r) => r.external_id) };
      } finally {
        await t.dispose();
      }
    };

    it.each(PATHS)(
      'weighs a misspelt surname by the registry count of its candidate spelling, whether or not its batch carries it ($name; issue #11)',
      async ({ opts }) => {
        // The neighbour in the batch before (its spelling stored) or in the misspelt record's own batch (its
        // spelling counted with the batch): the same count, by the rule, either way.
        const before = await linkOfMisspelt(REGISTRY.length + 1, opts);
        const beside = await linkOfMisspelt(REGISTRY.length, opts);
        expect(beside.with).toEqual(['k1']);
        expect(before.with).toEqual(['k1']);
        expect(before.score).toBeCloseTo(beside.score, 9);
      },
    );
  },
);
