/**
 * What each lookup statement of an import reads, branch by branch: replays the statements an import wrote
 * with HOMECOMING_DUMP_LOOKUPS=FILE (candidates.ts) as `EXPLAIN (ANALYZE, BUFFERS)` on a copy of the
 * registry (read only), and prints, per scan node of each statement, the index, loops, rows returned,
 * rows dropped by a filter, buffers (hit + read) and time; then the totals per statement. The counts
 * (loops, rows, buffers) do not depend on the machine's load; the times do.
 *
 *   npx tsx bench/linkage/explainLookups.ts --url postgres://…/<copy> --file dump.jsonl [--only 0,1] [--repeat 2]
 *
 * --repeat runs each statement that many times and reports the last (the first warms the cache).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    file: { type: 'string' },
    only: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    json: { type: 'string' },
  },
});
if (values.url === undefined || values.file === undefined) throw new Error('--url and --file');
const statements = fs
  .readFileSync(values.file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { sql: string; parameters: unknown[] });
const only = values.only === undefined ? null : new Set(values.only.split(',').map(Number));

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Loops': number;
  'Actual Rows': number;
  'Actual Total Time': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Heap Fetches'?: number;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  'Index Cond'?: string;
  Filter?: string;
  'Plan Rows'?: number;
  Plans?: PlanNode[];
}

const client = new pg.Client({ connectionString: values.url, options: '-c jit=off' });
await client.connect();
const out: unknown[] = [];
for (const [n, st] of statements.entries()) {
  if (only !== null && !only.has(n)) continue;
  const probes = (JSON.parse(st.parameters[0] as string) as { sel: boolean; broad: boolean }[]).length;
  let plan: { Plan: PlanNode; 'Execution Time': number } | null = null;
  for (let k = 0; k < Number(values.repeat); k++) {
    const r = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${st.sql}`,
      st.parameters,
    );
    plan = (r.rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] })['QUERY PLAN'][0];
  }
  if (plan === null) continue;
  const scans: PlanNode[] = [];
  const walk = (p: PlanNode): void => {
    if (
      /Scan/.test(p['Node Type']) &&
      p['Node Type'] !== 'Subquery Scan' &&
      p['Node Type'] !== 'Function Scan'
    )
      scans.push(p);
    for (const c of p.Plans ?? []) walk(c);
  };
  walk(plan.Plan);
  console.log(`\n## statement ${n}: ${probes} probes, ${plan['Execution Time'].toFixed(0)} ms`);
  console.log(
    '| # | node | index | loops | rows out | removed by filter | heap fetches | buffers hit+read | ms (sum) | cond |',
  );
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---|');
  let tot = { rows: 0, buffers: 0, loops: 0 };
  scans.forEach((s, k) => {
    const rows = Math.round(s['Actual Rows'] * s['Actual Loops']);
    const buffers = s['Shared Hit Blocks'] + s['Shared Read Blocks'];
    tot = { rows: tot.rows + rows, buffers: tot.buffers + buffers, loops: tot.loops + s['Actual Loops'] };
    const cond = (s['Index Cond'] ?? '') + (s.Filter === undefined ? '' : ` FILTER ${s.Filter}`);
    console.log(
      `| ${k} | ${s['Node Type']} | ${s['Index Name'] ?? s['Relation Name'] ?? ''} | ${s['Actual Loops']} | ${rows} | ${
        s['Rows Removed by Filter'] ?? 0
      } | ${s['Heap Fetches'] ?? ''} | ${buffers} | ${(s['Actual Total Time'] * s['Actual Loops']).toFixed(0)} | ${cond
        .replace(/\s+/g, ' ')
        .replace(/\|/g, '¦')
        .slice(0, 160)} |`,
    );
  });
  const top = plan.Plan;
  console.log(
    `total: ${plan['Execution Time'].toFixed(0)} ms; rows returned ${top['Actual Rows']}; scan rows ${tot.rows}; scan loops ${tot.loops}; buffers (statement) ${
      top['Shared Hit Blocks'] + top['Shared Read Blocks']
    }`,
  );
  out.push({ n, probes, ms: plan['Execution Time'], plan });
}
if (values.json !== undefined) fs.writeFileSync(values.json, JSON.stringify(out));
await client.end();
