/**
 * What the in-memory index of a first bulk load holds per record (resolve.ts, `InFlightBatch`), without a
 * database: the first N rows of a CSV written by `bench/import.ts` (default bench/out/import-20000.csv),
 * placed batch by batch as an import absorbs them, each record its own person; the JS heap in use after a
 * full collection before and after, per record. `npx tsx --conditions=source bench/linkage/memoryIndex.ts
 * [file]` (N=… rows).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { newId } from '../../packages/server/src/db/ids.js';
import { mapHeader, mapRow } from '../../packages/server/src/modules/imports/mapColumns.js';
import { probeOf } from '../../packages/server/src/modules/linkage/candidates.js';
import { InFlightBatch, type Resolution } from '../../packages/server/src/modules/linkage/resolve.js';
import type { NewRecord } from '../../packages/server/src/modules/records/repo.js';
import { validateRecordFields } from '../../packages/server/src/modules/records/validate.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const here = path.dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] ?? path.join(here, '..', 'out', 'import-20000.csv');
const N = Number(process.env['N'] ?? 20_000);
const BATCH = 2000;

// The generated CSV has no quoted cells.
const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
const mapping = mapHeader((lines[0] ?? '').split(','), 1);
const items: NewRecord[] = [];
for (let i = 1; i <= N && i < lines.length; i++) {
  const m = mapRow((lines[i] ?? '').split(','), mapping, null);
  const c = validateRecordFields(m.raw, m.attributes, new Date('2026-11-26T12:00:00Z'));
  if (!c.ok) continue;
  items.push({
    content: { ...c.value, external_id: c.value.external_id ?? String(i) },
    source: { id: 0, name: c.value.source ?? 'bench', type: 'import', reliability: 'F' },
  });
}
lines.length = 0;

const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const before = heap();
const index = InFlightBatch.empty();
const t0 = performance.now();
for (let from = 0; from < items.length; from += BATCH) {
  const batch = items.slice(from, from + BATCH);
  const probes = batch.map((item) => probeOf(newId(), item.content));
  const resolutions = probes.map((): Resolution => ({
    decision: 'none',
    personId: newId(),
    newPerson: true,
    score: null,
  }));
  const persons = new Map(probes.map((p, i) => [(resolutions[i] as Resolution).personId, [p]] as const));
  index.absorb(new InFlightBatch(batch, probes, resolutions, persons, false));
}
const built = performance.now() - t0;
const after = heap();
console.log(
  `${index.size} records: the index holds ${((after - before) / 1e6).toFixed(1)} MB of JS heap, ${Math.round((after - before) / index.size)} bytes a record; placed in ${Math.round(built)} ms`,
);
