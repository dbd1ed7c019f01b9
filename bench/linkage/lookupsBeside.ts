/**
 * The blocking lookups (`candidatePersons`) of two trees on the same probes, one registry: whether their
 * answers are identical (persons, order, records), and each one's time and node CPU, alternating.
 *   npx tsx --conditions=source bench/linkage/lookupsBeside.ts --url postgres://… --list FILE.csv --other TREE
 *     [--rows 4000] [--batch 2000] [--rounds 2]
 * FILE: a canonical CSV (throughput.ts --list-out); TREE: another checkout (its packages/server/src read
 * through tsx, e.g. a before tree). Both ask every probe's full lookups (no `settled`: the selective and
 * broad blocks in one statement) in batches, inside a read-only transaction each. Reads only.
 */
import '../../packages/server/src/wiring.js';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { candidatePersons, probeOf } from '../../packages/server/src/modules/linkage/candidates.js';
import { validateRecordFields } from '../../packages/server/src/modules/records/validate.js';
import { REGISTRY_ORGANISATION_ID } from '../../packages/server/src/auth/permissions.js';
import { phaseTable, profiling } from '../../packages/server/src/phases.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    list: { type: 'string' },
    other: { type: 'string' },
    rows: { type: 'string', default: '4000' },
    batch: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '2' },
  },
});
if (values.url === undefined || values.list === undefined || values.other === undefined)
  throw new Error('--url, --list and --other are needed');
const otherModule = path.resolve(values.other, 'packages/server/src/modules/linkage/candidates.ts');
const other = (await import(otherModule)) as { candidatePersons: typeof candidatePersons };
const lines = fs.readFileSync(values.list, 'utf8').split('\n').filter(Boolean);
const header = (lines[0] as string).split(',');
const probes = lines.slice(1, 1 + Number(values.rows)).map((line, i) => {
  const cells = line.split(',');
  const raw = Object.fromEntries(header.map((h, k) => [h, cells[k] ?? ''])) as Record<string, string>;
  const checked = validateRecordFields(raw);
  if (!checked.ok) throw new Error(`row ${i + 1} refused`);
  return probeOf(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, checked.value);
});
const database = await openDatabase({ url: values.url });
const batch = Number(values.batch);
const sides = { this: candidatePersons, other: other.candidatePersons };
for (let round = 1; round <= Number(values.rounds); round++) {
  const order = round % 2 === 1 ? (['other', 'this'] as const) : (['this', 'other'] as const);
  for (const side of order) {
    const hash = createHash('sha256');
    const t0 = performance.now();
    const cpu = process.cpuUsage();
    let persons = 0;
    for (let k = 0; k < probes.length; k += batch) {
      const found = await database.db
        .transaction()
        .execute((trx) => sides[side](trx, probes.slice(k, k + batch), REGISTRY_ORGANISATION_ID));
      for (const list of found) {
        persons += list.length;
        hash.update(JSON.stringify(list.map((c) => [c.personId, c.records.map((r) => r.id)])));
      }
    }
    const used = process.cpuUsage(cpu);
    console.log(
      `round ${round} ${side.padEnd(5)} ${probes.length} probes, ${persons} persons, digest ${hash.digest('hex').slice(0, 16)}, ` +
        `${Math.round(performance.now() - t0)} ms, node CPU ${Math.round((used.user + used.system) / 1000)} ms`,
    );
  }
}
// With HOMECOMING_PROFILE=1: each tree's phases and counts (both rounds).
if (profiling()) {
  const otherPhases = (await import(path.resolve(values.other, 'packages/server/src/phases.ts'))) as {
    phaseTable: () => string;
  };
  console.log(`this tree:\n${phaseTable()}\nthe other tree:\n${otherPhases.phaseTable()}`);
}
await database.close();
