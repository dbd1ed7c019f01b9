/**
 * What leaving the batch beside out of an import's lookups costs (`candidatePersons`' `leaveOut`, branch
 * `race`), measured on the statement alone at a registry's size: the same probes looked up, round after
 * round, in three ways taken in turn (so that the machine's load weighs on each alike):
 *   before — a copy of the registry without migration 0036 (its covering indexes without the id), nothing
 *            left out, as before this branch;
 *   after, none left out — a copy with migration 0036, nothing left out (an import's first batch);
 *   after, batch left out — the same copy, the registry's last `--list` records left out (the batch an
 *            import writes beside the reads of the next one).
 * The probes are those of throughput.ts's incoming list (variants of registry persons and strangers), looked
 * up as an import looks up a batch: the selective blocks, then the broad ones for the probes they leave
 * unsettled, two statements at once. Prints each round's seconds and the medians.
 *
 *   npx tsx --conditions=source bench/linkage/leaveOut.ts --before postgres://…/copy_0035 \
 *     --after postgres://…/copy_0036 [--persons 1000000 --seed 1 --profile harsh --list 2000 --rounds 3]
 */
// The process's hooks, as in production.
import '../../packages/server/src/wiring.js';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { compileModel, type LinkRecord } from '@homecoming/linkage';
import { REGISTRY_ORGANISATION_ID } from '../../packages/server/src/auth/permissions.js';
import { openDatabase, type Database } from '../../packages/server/src/db/database.js';
import {
  candidatePersons,
  confidentMatch,
  probeOf,
  type RecordsBeside,
} from '../../packages/server/src/modules/linkage/candidates.js';
import { termFrequenciesOf } from '../../packages/server/src/modules/linkage/frequencies.js';
import { loadModel } from '../../packages/server/src/modules/linkage/model.js';
import { validateRecordFields } from '../../packages/server/src/modules/records/validate.js';
import type { PopulationProfile } from '../../packages/server/src/seed/population.js';
import { throughputList } from './sets.js';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string' },
    persons: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    profile: { type: 'string', default: 'harsh' },
    list: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
  },
});
if (values.before === undefined || values.after === undefined) {
  console.error('usage: leaveOut.ts --before URL --after URL [--persons N --list M --rounds R]');
  process.exit(2);
}
const PERSONS = Number(values.persons);
const SEED = Number(values.seed);
const LIST = Number(values.list);
const PROFILE = values.profile as PopulationProfile;

// The incoming list, as throughput.ts makes it (70% variants of registry persons, 30% strangers).
const list = throughputList({
  persons: PERSONS,
  list: LIST,
  seed: SEED,
  profile: PROFILE,
  source: 'generated demo data',
}).rows;
const probes: LinkRecord[] = list.flatMap((row, i) => {
  const checked = validateRecordFields(row as never);
  return checked.ok ? [probeOf(`00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, checked.value)] : [];
});

const before = await openDatabase({ url: values.before });
const after = await openDatabase({ url: values.after });
// The batch an import would be writing beside: the registry's last records, by id.
const last = await sql<{ first: string; last: string }>`
  SELECT min(id::text) AS first, max(id::text) AS last
  FROM (SELECT id FROM record ORDER BY id DESC LIMIT ${LIST}) r`.execute(after.db);
const leaveOut: RecordsBeside = {
  firstId: last.rows[0]?.first as string,
  lastId: last.rows[0]?.last as string,
  probes: [],
};

/** One lookup of every probe as an import's batch: seconds, and candidate persons kept. */
async function lookUp(database: Database, out: RecordsBeside | null): Promise<{ s: number; kept: number }> {
  const cm = await loadModel(database.db);
  const bm = compileModel(cm.model, await termFrequenciesOf(database.db, probes, probes));
  const t = process.hrtime.bigint();
  const found = await candidatePersons(
    database.db,
    probes,
    REGISTRY_ORGANISATION_ID,
    (i, persons) => confidentMatch(bm, probes[i] as LinkRecord, persons),
    2,
    undefined,
    out,
  );
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  return { s, kept: found.reduce((x, l) => x + l.length, 0) };
}

const ways: [string, Database, RecordsBeside | null][] = [
  ['before (0035 indexes)', before, null],
  ['after, none left out', after, null],
  ['after, batch left out', after, leaveOut],
];
const times = ways.map((): number[] => []);
console.log(`${probes.length} probes; left out: the ${LIST} last records`);
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const [w, [name, database, out]] of ways.entries()) {
    const r = await lookUp(database, out);
    times[w]?.push(r.s);
    console.log(`round ${round}: ${name}: ${r.s.toFixed(2)} s, ${r.kept} candidate persons kept`);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
for (const [w, [name]] of ways.entries())
  console.log(`median ${name}: ${median(times[w] ?? []).toFixed(2)} s`);
await before.close();
await after.close();
