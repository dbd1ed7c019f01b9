/**
 * Node's CPU for a list's lookups and decisions against a registry, read-only (`homecoming link`'s work:
 * `candidatePersons` with the settled test, then the decisions), repeated: the process's user and system
 * CPU and the wall clock of each run, and a digest of every row's decision, so that two trees can be
 * compared on one copy without writing to it. Used by `imp` (bench/RESULTS.md).
 *
 *   npx tsx --conditions=source bench/linkage/lookupCpu.ts --url postgres://…/<copy> --file list.csv [--repeat 3]
 */
import '../../packages/server/src/wiring.js';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { linkList } from '../../packages/server/src/modules/linkage/linkList.js';

const { values } = parseArgs({
  options: { url: { type: 'string' }, file: { type: 'string' }, repeat: { type: 'string', default: '3' } },
});
if (values.url === undefined || values.file === undefined) throw new Error('--url and --file');
// The garbage collector's work in each run: collections by kind and their pause time (main thread).
const gc = { scavenges: 0, marks: 0, other: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    // A gc entry's `detail` (Node ≥ 16) is not in the lib's PerformanceEntry type.
    const kind = ((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind;
    if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) gc.scavenges++;
    else if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) gc.marks++;
    else gc.other++;
    gc.ms += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
const database = await openDatabase({ url: values.url });
try {
  for (let run = 1; run <= Number(values.repeat); run++) {
    const hash = createHash('md5');
    Object.assign(gc, { scavenges: 0, marks: 0, other: 0, ms: 0 });
    const cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    const totals = await linkList(database, values.file, {
      line: (l) => {
        hash.update(JSON.stringify(l));
      },
      problem: () => undefined,
    });
    const used = process.cpuUsage(cpu);
    const wall = Number(process.hrtime.bigint() - t) / 1e9;
    const load = (await import('node:os')).loadavg()[0]?.toFixed(2);
    console.log(
      JSON.stringify({
        run,
        wall_s: Math.round(wall * 10) / 10,
        user_s: Math.round(used.user / 1e5) / 10,
        system_s: Math.round(used.system / 1e5) / 10,
        load,
        ...totals,
        decisions: hash.digest('hex').slice(0, 12),
        gc_scavenges: gc.scavenges,
        gc_mark_compacts: gc.marks,
        gc_other: gc.other,
        gc_ms: Math.round(gc.ms),
      }),
    );
  }
} finally {
  await database.close();
}
