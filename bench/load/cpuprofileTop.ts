/**
 * The top self-time frames of V8 `.cpuprofile` files (node --cpu-prof; run.ts's SERVER_NODE_ARGS), summed
 * over every file given (a server's workers write one each): by function and file, by file (package), and the
 * inclusive time of frames whose name matches INCLUSIVE (a regular expression). Load-independent shares of
 * a process's CPU, to find where a request's goes.
 * `npx tsx bench/load/cpuprofileTop.ts /tmp/prof-cpu/*.cpuprofile [TOP=40] [INCLUSIVE='scoreBest|hitsOf'] [SKIP=10]`
 */
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const TOP = Number(process.env['TOP'] ?? 40);
const inclusive = process.env['INCLUSIVE'] ? new RegExp(process.env['INCLUSIVE']) : null;
// CALLERS=name: the stacks (DEPTH frames, default 5) under which frames of that name spend their self time.
const callersOf = process.env['CALLERS'] ?? null;
const DEPTH = Number(process.env['DEPTH'] ?? 5);
const callers = new Map<string, number>();
// UNDER=name: self time by function of the stacks that hold a frame of that name.
const underName = process.env['UNDER'] ?? null;
const under = new Map<string, number>();
// SKIP=s: leave out the first s seconds of each profile (a server's start-up: module loading, name tables).
const SKIP_US = Number(process.env['SKIP'] ?? 0) * 1e6;
const files = process.argv.slice(2);
if (files.length === 0) throw new Error('give .cpuprofile files');
const short = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, 'nm:')
    .replace(/.*\/packages\//, '')
    .replace(/^node:/, 'node:');
const pkg = (url: string): string => {
  const s = short(url);
  if (s.startsWith('nm:')) {
    const parts = s.slice(3).split('/');
    return 'nm:' + (parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]);
  }
  if (s === '') return '(native/VM)';
  return s.split('/').slice(0, 3).join('/');
};
const self = new Map<string, number>();
const byPkg = new Map<string, number>();
const incl = new Map<string, number>();
let total = 0;
for (const f of files) {
  const p = JSON.parse(fs.readFileSync(f, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Time per node from samples × deltas (µs).
  const t = new Map<number, number>();
  let at = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i] as number;
    at += p.timeDeltas[i] ?? 0;
    if (at < SKIP_US) continue;
    t.set(id, (t.get(id) ?? 0) + (p.timeDeltas[i + 1] ?? p.timeDeltas[i] ?? 0));
  }
  for (const [id, us] of t) {
    const n = byId.get(id) as Node;
    const name = n.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') continue;
    total += us;
    const key = `${name} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + us);
    const k2 = ['(program)', '(garbage collector)'].includes(name) ? name : pkg(n.callFrame.url);
    byPkg.set(k2, (byPkg.get(k2) ?? 0) + us);
    if (underName !== null) {
      for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
        if ((byId.get(x) as Node).callFrame.functionName === underName) {
          under.set(key, (under.get(key) ?? 0) + us);
          break;
        }
      }
    }
    if (callersOf !== null && name === callersOf) {
      const chain: string[] = [];
      for (let x = parent.get(id); x !== undefined && chain.length < DEPTH; x = parent.get(x)) {
        const m = byId.get(x) as Node;
        chain.push(
          `${m.callFrame.functionName || '(anon)'}@${short(m.callFrame.url).split('/').pop()}:${m.callFrame.lineNumber + 1}`,
        );
      }
      const k = chain.join(' < ');
      callers.set(k, (callers.get(k) ?? 0) + us);
    }
    if (inclusive) {
      // Each matching frame on the stack once.
      const seen = new Set<string>();
      for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
        const m = byId.get(x) as Node;
        const nm = m.callFrame.functionName;
        if (inclusive.test(nm) && !seen.has(nm)) {
          seen.add(nm);
          incl.set(nm, (incl.get(nm) ?? 0) + us);
        }
      }
    }
  }
}
const show = (title: string, m: Map<string, number>, n: number): void => {
  console.log(`\n${title} (of ${(total / 1e6).toFixed(2)} s busy)`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n))
    console.log(
      `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1e6).toFixed(2).padStart(6)} s  ${k}`,
    );
};
show('self time by package/file', byPkg, TOP);
show('self time by function', self, TOP);
if (inclusive) show('inclusive time', incl, TOP);
if (underName !== null) show(`self time under ${underName}`, under, TOP);
if (callersOf !== null) show(`stacks under ${callersOf}`, callers, TOP);
