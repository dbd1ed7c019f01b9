// Where a linked import's node CPU went, by phase, from a V8 CPU profile (`node --cpu-prof`; importPair.sh's
// NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"):
//   node bench/linkage/cpuProfilePhases.mjs FILE.cpuprofile
// Each sample goes to the first phase (in the order below) one of whose functions is on its stack; samples
// taken after an await lose the caller's frames (the end step's later parts fall under "other"). Samples
// measure time on the thread, not CPU: under load they include time the thread waited for a core.
import fs from 'node:fs';

const profile = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const named =
  (...names) =>
  (f) =>
    names.includes(f.functionName);
const phases = [
  ['garbage collection', named('(garbage collector)')],
  ['end step (resolveSingletons)', named('resolveSingletons')],
  ['scoring and decisions', named('decideProbes', 'decideBatch')],
  ['lookups: rows taken (take)', named('take', 'gather')],
  ['lookups: settled test (confidentMatch)', named('confidentMatch')],
  ['lookups: other JS', named('candidatePersons', 'lookUpProbes')],
  ['writes', named('writeResolved', 'writeNewPersons', 'prepareNewPersons', 'insertRecordRows')],
  ['node-postgres: parsing rows', (f) => f.url.includes('pg-protocol') || f.url.includes('/pg/lib/')],
  ['reading the file', (f) => f.url.includes('imports/') || f.url.includes('records/validate')],
  ['idle', named('(idle)')],
];
const ms = new Map();
let total = 0;
profile.samples.forEach((id, k) => {
  const t = (profile.timeDeltas[k + 1] ?? 0) / 1000;
  total += t;
  const frames = [];
  for (let x = id; x !== undefined; x = parent.get(x)) frames.push(byId.get(x).callFrame);
  const phase = phases.find(([, test]) => frames.some(test))?.[0] ?? 'other';
  ms.set(phase, (ms.get(phase) ?? 0) + t);
});
const busy = total - (ms.get('idle') ?? 0);
console.log(`busy ${Math.round(busy)} ms of ${Math.round(total)} ms sampled`);
for (const [phase, t] of [...ms].sort((a, b) => b[1] - a[1]))
  if (phase !== 'idle')
    console.log(
      `${String(Math.round(t)).padStart(8)} ms ${((100 * t) / busy).toFixed(1).padStart(5)}%  ${phase}`,
    );
