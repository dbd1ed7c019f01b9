/**
 * Record-linkage speed (npm run bench:link -- --persons N): on a scratch PostgreSQL database (DB=pglite
 * for the embedded one) holding N generated persons (default 1,000,000, written by the seed path, one
 * record each), measures
 *   1. scored comparisons per second on one core (pure: blocked pairs of generated records, with and
 *      without the per-field explanation);
 *   2. linking an incoming list of 10,000 rows (70% variants of registry persons, 30% strangers)
 *      against the registry, without importing it (`homecoming link`'s work);
 *   3. importing those 10,000 rows, linked (the import's work with linking), in records per second;
 *   4. re-resolving the whole registry (`homecoming dedupe`'s work).
 * Targets (issue #4): ≥ 300,000 comparisons/s per core; 10,000 rows against 1,000,000 persons ≤ 20 s on
 * PostgreSQL; re-resolution of 1,000,000 records ≤ 10 minutes on 2 cores.
 *
 * --url postgres://… links the list against an existing registry instead (a copy of one `homecoming seed
 * --persons N [--seed S]` wrote, migrated: --persons and --seed must be the seed's, default seed 1): only
 * step 2, nothing is written. --repeat n links it n times (the first run warms the caches); --profile harsh|realistic: the seed's.
 * With --url and --import, the list is then imported into that registry (it writes: use a copy), linked,
 * in batches of 2,000, with the same right/wrong figures read back from the records' persons and the
 * process's peak RSS; --retrain then runs the retrain an import runs when it finishes (`retrainIfGrown`),
 * timed, with the peak RSS after it. --repeat 0 skips the linking. --candidates (with --url): blocking
 * recall at the registry's size, by rule: whether each known row shares a block with its true record, and
 * whether the lookups keep its true person among the candidates.
 */
// The process's hooks, as in production (records refuse to refresh persons without them).
import '../../packages/server/src/wiring.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import {
  BLOCKING_RULES,
  blockKeys,
  shareKey,
  blockedPairs,
  compileModel,
  defaultModel,
  scoreFast,
  scorePair,
  toLinkRecord,
  type LinkRecord,
} from '@homecoming/linkage';
import { openDatabase, type Database } from '../../packages/server/src/db/database.js';
import { migrate } from '../../packages/server/src/db/migrate.js';
import { importCsv } from '../../packages/server/src/modules/imports/csvImport.js';
import {
  candidatePersons,
  LINK_COLUMNS,
  type StoredLinkRow,
} from '../../packages/server/src/modules/linkage/candidates.js';
import { dedupeRegistry } from '../../packages/server/src/modules/linkage/dedupe.js';
import { linkList } from '../../packages/server/src/modules/linkage/linkList.js';
import { retrainIfGrown } from '../../packages/server/src/modules/linkage/train.js';
import type { PopulationProfile } from '../../packages/server/src/seed/population.js';
import { seedRegistry } from '../../packages/server/src/seed/seedRegistry.js';
import { createScratchDatabase, writeCanonicalCsv } from '../lib.js';
import { phaseTable, profiling } from '../../packages/server/src/phases.js';
import { throughputList, linkRecordsOf, registrySet } from './sets.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    list: { type: 'string', default: '10000' },
    'skip-dedupe': { type: 'boolean', default: false },
    url: { type: 'string' },
    seed: { type: 'string', default: '1' },
    repeat: { type: 'string', default: '2' },
    profile: { type: 'string', default: 'harsh' },
    import: { type: 'boolean', default: false },
    retrain: { type: 'boolean', default: false },
    candidates: { type: 'boolean', default: false },
    'list-out': { type: 'string' },
  },
});
const PERSONS = Number(values.persons);
const LIST = Number(values.list);
const URL = values.url;
if (values.profile !== 'harsh' && values.profile !== 'realistic')
  throw new Error('--profile: harsh or realistic');
/** The registry's population shape (the seed's `--profile`); the list's strangers are drawn alike. */
const PROFILE: PopulationProfile = values.profile;
const SEED = URL === undefined ? 2027 : Number(values.seed);
const SOURCE = URL === undefined ? 'registry base' : 'generated demo data';
const secs = (t: number): number => Math.round((Date.now() - t) / 100) / 10;
const figures: Record<string, number | string> = { persons: PERSONS, list: LIST, cpus: os.cpus().length };

// 1. Comparisons per second, pure, one core.
if (URL === undefined) {
  const rows = registrySet(Math.min(PERSONS, 100_000), SEED);
  const records: LinkRecord[] = linkRecordsOf(rows);
  const pairs: [number, number][] = [];
  for (const [i, j] of blockedPairs(records)) pairs.push([i, j]);
  const cm = compileModel(defaultModel());
  let sink = 0;
  for (let k = 0; k < Math.min(pairs.length, 50_000); k++) {
    const [i, j] = pairs[k] as [number, number];
    sink += scoreFast(cm, records[i] as LinkRecord, records[j] as LinkRecord);
  }
  let t = process.hrtime.bigint();
  for (let rep = 0; rep < 3; rep++)
    for (const [i, j] of pairs) sink += scoreFast(cm, records[i] as LinkRecord, records[j] as LinkRecord);
  const fast = (3 * pairs.length) / (Number(process.hrtime.bigint() - t) / 1e9);
  t = process.hrtime.bigint();
  for (const [i, j] of pairs) sink += scorePair(cm, records[i] as LinkRecord, records[j] as LinkRecord).score;
  const explained = pairs.length / (Number(process.hrtime.bigint() - t) / 1e9);
  figures['comparison_pairs'] = pairs.length;
  figures['comparisons_per_second'] = Math.round(fast);
  figures['explained_comparisons_per_second'] = Math.round(explained);
  console.log(
    `comparisons: ${pairs.length} blocked pairs of ${records.length} records; ${Math.round(fast)}/s scored, ${Math.round(explained)}/s with explanation (one core) [${sink > 0 ? '' : ' '}]`,
  );
}

// The registry.
let database: Database;
let drop: (() => Promise<void>) | null = null;
if (URL !== undefined) database = await openDatabase({ url: URL });
else if (process.env['DB'] === 'pglite') database = await openDatabase({ memory: true });
else {
  const scratch = await createScratchDatabase('hc_link_bench');
  database = await openDatabase({ url: scratch.url });
  drop = scratch.drop;
}
let t = Date.now();
if (URL === undefined) {
  await migrate(database.pool);
  await seedRegistry(database, {
    persons: PERSONS,
    seed: SEED,
    source: 'registry base',
    profile: PROFILE,
    actor: 'bench',
    batchSize: 5000,
    onProgress: (n) => {
      if (n % 100_000 === 0) process.stderr.write(`\rseed ${n}   `);
    },
  });
  figures['seed_seconds'] = secs(t);
  console.log(`\nseeded ${PERSONS} persons in ${figures['seed_seconds']} s`);
  if (database.kind === 'postgres')
    await database.pool.connect().then(async (c) => {
      await c.exec('ANALYZE');
      c.release?.();
    });
}

// The incoming list: variants of registry persons picked as the generator streams past them, and strangers.
const incoming = throughputList({
  persons: PERSONS,
  list: LIST,
  seed: SEED,
  profile: PROFILE,
  source: SOURCE,
});
const list = incoming.rows;
/** Each known row's registry record (its external_id), to tell a right match from a wrong one. */
const truthOf = new Map<string, string>(incoming.truth.map((ext, i) => [`in-${i}`, ext]));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-link-bench-'));
const listCsv = path.join(dir, 'incoming.csv');
writeCanonicalCsv(listCsv, list);
// --list-out FILE keeps a copy of the list, to import it with the command line (`homecoming import`).
if (values['list-out'] !== undefined) fs.copyFileSync(listCsv, values['list-out']);

// 2. Link the list without importing it.
for (let run = 1; run <= (URL === undefined ? 1 : Number(values.repeat)); run++) {
  t = Date.now();
  const q = { match: 0, withPossible: 0, known: 0, strangersMatched: 0, strangers: 0 };
  const totals = await linkList(database, listCsv, {
    line: (l) => {
      const truth = truthOf.get(l.external_id);
      if (truth === undefined) {
        q.strangers++;
        if (l.decision === 'match') q.strangersMatched++;
        return;
      }
      q.known++;
      const right = l.record_ids.includes(truth);
      if (right && l.decision === 'match') q.match++;
      if (right && l.decision !== 'none') q.withPossible++;
    },
    problem: () => undefined,
  });
  const share = (a: number, b: number) => (b === 0 ? 0 : Math.round((1000 * a) / b) / 1000);
  figures['match_recall'] = share(q.match, q.known);
  figures['match_possible_recall'] = share(q.withPossible, q.known);
  figures['strangers_matched'] = share(q.strangersMatched, q.strangers);
  figures[`link_list_seconds${run > 1 ? `_${run}` : ''}`] = secs(t);
  console.log(
    `link: ${totals.rows} rows against ${PERSONS} persons in ${secs(t)} s (${totals.matched} match, ${totals.possible} possible, ${totals.none} none)`,
  );
}
if (URL !== undefined && values.candidates) {
  // 2'. Blocking recall at this registry's size: for each known row, whether it shares a block (a key under
  // some rule) with its true record, by rule, and whether the lookups (all blocks, with their caps and the
  // cap of persons per row) bring the true person among the candidates. Read-only.
  const known = list.filter((r) => truthOf.has(r.external_id));
  const truthIds = known.map((r) => truthOf.get(r.external_id) as string);
  const stored = await sql<StoredLinkRow>`SELECT ${LINK_COLUMNS} FROM record r
    WHERE r.source_id = (SELECT id FROM source WHERE name = ${SOURCE}) AND r.external_id = ANY(${truthIds}::text[])`.execute(
    database.db,
  );
  const byExt = new Map(stored.rows.map((r) => [r.external_id, r]));
  const perRule = BLOCKING_RULES.map(() => 0);
  let pairs = 0;
  let blocked = 0;
  let kept = 0;
  const keptByRule = BLOCKING_RULES.map(() => 0);
  t = Date.now();
  for (let at = 0; at < known.length; at += 1000) {
    const rows = known.slice(at, at + 1000);
    const probes = linkRecordsOf(rows, 'probe-');
    const found = await candidatePersons(database.db, probes);
    rows.forEach((r, i) => {
      const truth = byExt.get(truthOf.get(r.external_id) as string);
      if (truth === undefined) return;
      pairs++;
      const a = blockKeys(probes[i] as LinkRecord);
      const b = blockKeys(toLinkRecord(truth));
      const shared = a.map((k, rule) => shareKey(k, b[rule] ?? []));
      shared.forEach((x, rule) => x && (perRule[rule] = (perRule[rule] as number) + 1));
      const any = shared.some((x) => x);
      if (any) blocked++;
      const hit = (found[i] ?? []).some((c) => c.personId === truth.person_id);
      if (hit) {
        kept++;
        shared.forEach((x, rule) => x && (keptByRule[rule] = (keptByRule[rule] as number) + 1));
      }
    });
  }
  const r4 = (x: number): string => x.toFixed(4);
  figures['blocking_recall_1m'] = Number(r4(blocked / pairs));
  figures['true_person_among_candidates'] = Number(r4(kept / pairs));
  console.log(
    `candidates: ${pairs} known rows in ${secs(t)} s; share a block with their true record ${r4(blocked / pairs)}; true person among the candidates kept ${r4(kept / pairs)}`,
  );
  console.log('  rule                            shares the block   true person kept, of those');
  BLOCKING_RULES.forEach((rule, r) =>
    console.log(
      `  ${rule.padEnd(32)} ${r4((perRule[r] as number) / pairs)}             ${r4((keptByRule[r] as number) / Math.max(1, perRule[r] as number))}`,
    ),
  );
}
if (URL !== undefined && values.import) {
  // 3'. Import the list into the (copied) registry, linked, and read back where each row went.
  const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
  figures['rss_before_import_mb'] = rssMb();
  t = Date.now();
  // RELINK=all: the end-of-import step looks up every singleton (before imp3), not only those a person the
  // import touched may match.
  const imported = await importCsv(database, {
    file: listCsv,
    actor: 'bench',
    batchSize: 2000,
    ...(process.env['RELINK'] === 'all' ? { relinkTouchedOnly: false } : {}),
  });
  figures['import_seconds'] = secs(t);
  figures['import_per_second'] = Math.round(imported.imported / Math.max(secs(t), 0.1));
  figures['import_peak_rss_mb'] = rssMb();
  const truths = JSON.stringify([...truthOf].map(([e, tr]) => ({ e, tr })));
  const placed = await sql<{ e: string; mine: string; theirs: string | null; others: number }>`
    SELECT r.external_id AS e, r.person_id AS mine, t.person_id AS theirs,
      (SELECT count(*)::int4 FROM record o WHERE o.person_id = r.person_id AND o.id <> r.id) AS others
    FROM record r JOIN source s ON s.id = r.source_id AND s.name = 'incoming list'
    LEFT JOIN json_to_recordset(${truths}::json) AS k(e text, tr text) ON k.e = r.external_id
    LEFT JOIN record t ON t.external_id = k.tr
      AND t.source_id = (SELECT id FROM source WHERE name = ${SOURCE})`.execute(database.db);
  const q = { match: 0, known: 0, strangersJoined: 0, strangers: 0 };
  for (const r of placed.rows) {
    if (truthOf.has(r.e)) {
      q.known++;
      if (r.theirs === r.mine) q.match++;
    } else {
      q.strangers++;
      if (r.others > 0) q.strangersJoined++;
    }
  }
  const share = (a: number, b: number) => (b === 0 ? 0 : Math.round((1000 * a) / b) / 1000);
  figures['import_match_recall'] = share(q.match, q.known);
  figures['import_strangers_joined'] = share(q.strangersJoined, q.strangers);
  figures['import_matched'] = imported.linked;
  figures['import_possible'] = imported.possible;
  console.log(
    `import: ${imported.imported} rows into ${PERSONS} persons in ${figures['import_seconds']} s (${figures['import_per_second']}/s), ${imported.linked} linked, ${imported.possible} to review; right person ${q.match} of ${q.known}, strangers joined ${q.strangersJoined} of ${q.strangers}; peak RSS ${figures['import_peak_rss_mb']} MB`,
  );
  figures['import_relinked'] = imported.relinked;
  console.log(`import: ${imported.relinked} singletons joined at the import's end`);
  if (values.retrain) {
    t = Date.now();
    const model = await retrainIfGrown(database, { actor: 'bench' });
    figures['retrain_seconds'] = secs(t);
    figures['retrain_peak_rss_mb'] = rssMb();
    console.log(
      `retrain: ${model === null ? 'not needed' : model.version} in ${figures['retrain_seconds']} s; peak RSS ${figures['retrain_peak_rss_mb']} MB`,
    );
  }
}
if (URL !== undefined) {
  if (profiling()) console.error(phaseTable());
  console.log(JSON.stringify(figures));
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

// 3. Import the same rows, linked.
t = Date.now();
const imported = await importCsv(database, { file: listCsv, actor: 'bench', batchSize: 2000 });
figures['import_linked_seconds'] = secs(t);
figures['import_linked_per_second'] = Math.round(
  imported.imported / Math.max(figures['import_linked_seconds'], 0.1),
);
console.log(
  `import: ${imported.imported} rows in ${figures['import_linked_seconds']} s (${figures['import_linked_per_second']}/s), ${imported.linked} linked, ${imported.possible} to review`,
);

// 4. Re-resolve the whole registry.
if (!values['skip-dedupe']) {
  t = Date.now();
  const d = await dedupeRegistry(database, {
    actor: 'bench',
    onProgress: (phase, done) => {
      if (phase !== 'score' || done % 5_000_000 === 0)
        process.stderr.write(`\rdedupe ${phase} ${done}      `);
    },
  });
  figures['dedupe_seconds'] = secs(t);
  figures['dedupe_pairs'] = d.pairsScored;
  console.log(
    `\ndedupe: ${d.records} records, ${d.pairsScored} pairs scored, ${d.merges} merges, ${d.proposed} to review, in ${figures['dedupe_seconds']} s (load ${d.seconds.load}, score ${d.seconds.score}, write ${d.seconds.write})`,
  );
}
console.log(JSON.stringify(figures));
await database.close();
await drop?.();
fs.rmSync(dir, { recursive: true, force: true });
