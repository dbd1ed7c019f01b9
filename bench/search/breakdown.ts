/**
 * What each search of bench/search/latency.ts does, in counts that do not move with the machine's load
 * (BREAKDOWN=1): every statement a search sends is first run as `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` on
 * the same connection with the same parameters, then as itself. From the plans: the statement's kind (by
 * its text), the rows each lookup branch brought, the buffers (pages) read, by relation or index, and the
 * planning and execution times. From the search's own trace (`traceSearch`, when the service has it): the
 * candidates scored in full and whether the misspelt-family lookup ran.
 */
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type { Database } from '../../packages/server/src/db/database.js';
import type { DB } from '../../packages/server/src/db/schema.js';

/** One statement as its plan tells it. */
export interface StatementFacts {
  kind: 'namesakes' | 'keyed' | 'close keys' | 'close' | 'hits' | 'other';
  planMs: number;
  execMs: number;
  /** Shared buffers hit and read (from the OS or disk). */
  hit: number;
  read: number;
  /** Rows sent back. */
  rows: number;
  /** For a statement of lookup branches: the rows each branch brought, in order. */
  branchRows: number[];
  /** Buffers by what read them: `<node type> <index or relation>` (each node's own, children's excluded). */
  buffers: Record<string, number>;
  /** Heap pages of `record` fetched (bitmap heap blocks and index-scan heap fetches, as counted by nodes). */
  heapFetches: number;
  /** For a statement of lookup branches: each branch's ms (PostgreSQL's actual total time), in order. */
  branchMs: number[];
  /** For a statement of lookup branches: each branch's buffers, in order. */
  branchBuffers: number[];
  /** Parallel workers launched (Gather nodes). */
  workers: number;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Heap Fetches'?: number;
  'Exact Heap Blocks'?: number;
  'Lossy Heap Blocks'?: number;
  'Subplan Name'?: string;
  'Actual Total Time'?: number;
  'Workers Launched'?: number;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}

const blocks = (n: PlanNode): number => (n['Shared Hit Blocks'] ?? 0) + (n['Shared Read Blocks'] ?? 0);

function kindOf(text: string, branchStatementsSoFar: number): StatementFacts['kind'] {
  if (/\bwalk AS \(/.test(text)) return 'namesakes';
  if (/FROM family_key WHERE key %/.test(text)) return 'close keys';
  if (/jsonb_object_agg/.test(text)) return 'hits';
  if (/branch_no/.test(text)) return branchStatementsSoFar === 0 ? 'keyed' : 'close';
  return 'other';
}

/** The branches of a UNION ALL of branches: the Append's children, in order (the root when one). */
function branchesOf(root: PlanNode): PlanNode[] {
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.shift() as PlanNode;
    // A statement's `WITH` (search's `outside` list) hangs on the Append as an init plan: not a branch.
    if (n['Node Type'] === 'Append')
      return (n.Plans ?? []).filter((c) => c['Parent Relationship'] !== 'InitPlan');
    stack.push(...(n.Plans ?? []));
  }
  return [root];
}

function walk(n: PlanNode, facts: StatementFacts): void {
  const own = blocks(n) - (n.Plans ?? []).reduce((a, c) => a + blocks(c), 0);
  if (own > 0) {
    const what = `${n['Node Type']} ${n['Index Name'] ?? n['Relation Name'] ?? ''}`.trim();
    facts.buffers[what] = (facts.buffers[what] ?? 0) + own;
  }
  facts.workers += n['Workers Launched'] ?? 0;
  if (n['Relation Name'] === 'record') {
    if (n['Node Type'] === 'Bitmap Heap Scan')
      facts.heapFetches += (n['Exact Heap Blocks'] ?? 0) + (n['Lossy Heap Blocks'] ?? 0);
    else if (n['Node Type'] === 'Index Scan')
      facts.heapFetches += (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1);
    else if (n['Node Type'] === 'Index Only Scan') facts.heapFetches += n['Heap Fetches'] ?? 0;
  }
  for (const c of n.Plans ?? []) walk(c, facts);
}

function commandOf(text: string): string {
  const m = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select)\b/i.exec(text);
  return (m?.[1] ?? 'SELECT').toUpperCase();
}

/**
 * A Database whose reads are each explained before they run; `take()` returns the statements since the last
 * call (one search's). Writes (none in a registry-wide search) run as they are.
 */
export function explainingDatabase(database: Database): { database: Database; take(): StatementFacts[] } {
  let facts: StatementFacts[] = [];
  const pool: PostgresPool = {
    async connect() {
      const client = await database.pool.connect();
      return {
        async query(text: string, params: readonly unknown[]) {
          if (/^\s*(\(|select|with)/i.test(text)) {
            const explained = await client.query<{ 'QUERY PLAN': unknown }>(
              `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
              params,
            );
            const raw = explained.rows[0]?.['QUERY PLAN'];
            const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
              Plan: PlanNode;
              'Planning Time': number;
              'Execution Time': number;
              Planning?: { 'Shared Hit Blocks'?: number; 'Shared Read Blocks'?: number };
            }[];
            const top = doc[0];
            if (top) {
              const f: StatementFacts = {
                kind: kindOf(text, facts.filter((x) => x.kind === 'keyed' || x.kind === 'close').length),
                planMs: top['Planning Time'],
                execMs: top['Execution Time'],
                hit: top.Plan['Shared Hit Blocks'] ?? 0,
                read: top.Plan['Shared Read Blocks'] ?? 0,
                rows: top.Plan['Actual Rows'] ?? 0,
                branchRows: /branch_no/.test(text)
                  ? branchesOf(top.Plan).map((c) => (c['Actual Rows'] ?? 0) * (c['Actual Loops'] ?? 1))
                  : [],
                branchMs: /branch_no/.test(text)
                  ? branchesOf(top.Plan).map((c) => c['Actual Total Time'] ?? 0)
                  : [],
                branchBuffers: /branch_no/.test(text) ? branchesOf(top.Plan).map(blocks) : [],
                buffers: {},
                heapFetches: 0,
                workers: 0,
              };
              walk(top.Plan, f);
              facts.push(f);
            }
          }
          const r = await client.query(text, params);
          return { command: commandOf(text), rowCount: r.affectedRows, rows: r.rows };
        },
        release: () => client.release(),
      } as unknown as PostgresPoolClient;
    },
    end: async () => {},
  };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    database: { ...database, db, close: async () => db.destroy() },
    take() {
      const out = facts;
      facts = [];
      return out;
    },
  };
}

/** One query's figures: its time in the timed pass, its labels, and what its search did. */
export interface QueryFacts {
  ms: number;
  /** This process's CPU for the query in the timed pass (ms). */
  cpu: number;
  /** Garbage collection pauses that began during the query in the timed pass (ms). */
  gc: number;
  noise: string[];
  birth: string;
  /** namesakes (a bare surname's page), keyed, keyed+close (the misspelt-family lookup ran). */
  path: string;
  statements: StatementFacts[];
  scored: number | null;
  readings: number | null;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]): number => (xs.length === 0 ? NaN : sum(xs) / xs.length);
const q95 = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? NaN;

/** The figures of one query that the tables show. */
function figures(f: QueryFacts) {
  const branchRows = f.statements.flatMap((s) => s.branchRows);
  return {
    buffers: sum(f.statements.map((s) => s.hit + s.read)),
    read: sum(f.statements.map((s) => s.read)),
    rows: sum(branchRows),
    heap: sum(f.statements.map((s) => s.heapFetches)),
    statements: f.statements.length,
    planMs: sum(f.statements.map((s) => s.planMs)),
    execMs: sum(f.statements.map((s) => s.execMs)),
    scored: f.scored ?? NaN,
    workers: sum(f.statements.map((s) => s.workers)),
  };
}

/** Prints the breakdown: by path, by noise label, the slowest tenth against the rest, by statement kind. */
export function printBreakdown(all: QueryFacts[]): void {
  const slowCut = [...all.map((f) => f.ms)].sort((a, b) => b - a)[Math.floor(all.length / 10) - 1] ?? 0;
  /** The table's columns: name, width, decimals, and the figure of a group of queries. */
  const columns: [string, number, number, (fs: QueryFacts[]) => number][] = [
    ['n', 5, 0, (fs) => fs.length],
    ['slow', 5, 0, (fs) => fs.filter((f) => f.ms >= slowCut).length],
    ['ms', 7, 1, (fs) => mean(fs.map((f) => f.ms))],
    ['p95', 7, 1, (fs) => q95(fs.map((f) => f.ms))],
    ['cpu', 6, 1, (fs) => mean(fs.map((f) => f.cpu))],
    ['gc', 5, 1, (fs) => mean(fs.map((f) => f.gc))],
    ['bufs', 7, 0, (fs) => mean(fs.map((f) => figures(f).buffers))],
    ['read', 6, 0, (fs) => mean(fs.map((f) => figures(f).read))],
    ['rows', 6, 0, (fs) => mean(fs.map((f) => figures(f).rows))],
    ['heap', 6, 0, (fs) => mean(fs.map((f) => figures(f).heap))],
    ['scored', 6, 0, (fs) => mean(fs.map((f) => figures(f).scored))],
    ['stmts', 6, 2, (fs) => mean(fs.map((f) => figures(f).statements))],
    ['planms', 6, 2, (fs) => mean(fs.map((f) => figures(f).planMs))],
    ['execms', 7, 2, (fs) => mean(fs.map((f) => figures(f).execMs))],
    ['workers', 7, 2, (fs) => mean(fs.map((f) => figures(f).workers))],
  ];
  const line = (label: string, fs: QueryFacts[]): string =>
    [label.padEnd(28), ...columns.map(([, w, d, f]) => f(fs).toFixed(d).padStart(w))].join(' ');
  const header = ['bucket'.padEnd(28), ...columns.map(([name, w]) => name.padStart(w))].join(' ');
  console.log(
    `\nbreakdown (${all.length} queries; slow = among the slowest tenth, ≥ ${slowCut.toFixed(1)} ms; ms from the timed pass,\n` +
      `the rest per query from a second, explained pass: bufs = shared buffers hit + read, rows = rows the lookup branches\n` +
      `brought, heap = record heap pages or fetches, cpu = this process's CPU ms in the timed pass, gc = its collections' pauses then, scored = candidates scored in full (NaN: a tree without traceSearch), plan/exec = PostgreSQL's own ms)`,
  );
  console.log(header);
  console.log(line('all', all));
  console.log(
    line(
      'slowest tenth',
      all.filter((f) => f.ms >= slowCut),
    ),
  );
  console.log(
    line(
      'the rest',
      all.filter((f) => f.ms < slowCut),
    ),
  );
  const groups = (name: string, keyOf: (f: QueryFacts) => string[]) => {
    const by = new Map<string, QueryFacts[]>();
    for (const f of all) for (const k of keyOf(f)) by.set(k, [...(by.get(k) ?? []), f]);
    console.log(`-- by ${name}`);
    for (const [k, fs] of [...by].sort((a, b) => b[1].length - a[1].length)) console.log(line(k, fs));
  };
  groups('path', (f) => [f.path]);
  groups('path and birth', (f) => [`${f.path} ${f.noise.find((n) => n.startsWith('birth:')) ?? ''}`]);
  groups('noise label', (f) => f.noise);
  // Per statement kind: how often, its rows and buffers, in the slow tenth and the rest.
  console.log(
    '-- by statement kind (per statement: count in all / in the slow tenth, mean buffers all / slow, mean rows, plan, exec ms)',
  );
  const kinds = new Set(all.flatMap((f) => f.statements.map((s) => s.kind)));
  for (const k of kinds) {
    const st = all.flatMap((f) => f.statements.filter((s) => s.kind === k));
    const slow = all.filter((f) => f.ms >= slowCut).flatMap((f) => f.statements.filter((s) => s.kind === k));
    console.log(
      `${k.padEnd(12)} ${String(st.length).padStart(5)} / ${String(slow.length).padStart(4)}  bufs ${mean(st.map((s) => s.hit + s.read)).toFixed(0)} / ${mean(slow.map((s) => s.hit + s.read)).toFixed(0)}  rows ${mean(st.map((s) => sum(s.branchRows) || s.rows)).toFixed(0)} / ${mean(slow.map((s) => sum(s.branchRows) || s.rows)).toFixed(0)}  plan ${mean(st.map((s) => s.planMs)).toFixed(2)}  exec ${mean(st.map((s) => s.execMs)).toFixed(2)} / ${mean(slow.map((s) => s.execMs)).toFixed(2)} ms`,
    );
  }
  // Where the buffers go, summed over every query: the top readers.
  const by = new Map<string, number>();
  for (const f of all)
    for (const s of f.statements)
      for (const [what, n] of Object.entries(s.buffers))
        by.set(`${s.kind}: ${what}`, (by.get(`${s.kind}: ${what}`) ?? 0) + n);
  const total = sum([...by.values()]);
  console.log(`-- buffers by statement and reader (all queries: ${total} buffers)`);
  for (const [what, n] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${String(n).padStart(9)} ${((100 * n) / total).toFixed(1).padStart(5)}%  ${what}`);
  const totals = all.map(figures);
  console.log(
    `totals: buffers ${sum(totals.map((x) => x.buffers))}, read ${sum(totals.map((x) => x.read))}, rows ${sum(totals.map((x) => x.rows))}, heap ${sum(totals.map((x) => x.heap))}, scored ${sum(totals.map((x) => x.scored))}, statements ${sum(totals.map((x) => x.statements))}, parallel workers ${sum(totals.map((x) => x.workers))}, PostgreSQL plan ${sum(totals.map((x) => x.planMs)).toFixed(0)} ms + exec ${sum(totals.map((x) => x.execMs)).toFixed(0)} ms`,
  );
}
