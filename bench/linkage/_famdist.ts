import { compareRecords, type LinkRecord } from '@homecoming/linkage';
import { damerauLevenshtein, jaroWinkler } from '@homecoming/names';
import { probeOf } from '/work/wt/linkq3/packages/server/src/modules/linkage/candidates.js';
import { validateRecordFields } from '/work/wt/linkq3/packages/server/src/modules/records/validate.js';
import { PROFILES, registrySet } from '/work/wt/linkq3/bench/linkage/sets.js';
const prof = (process.argv[2] ?? 'realistic') as 'realistic' | 'harsh';
const rows = registrySet(20000, 5, PROFILES.typical, prof);
const recs: LinkRecord[] = rows.map((r, i) => { const c = validateRecordFields(r); if (!c.ok) throw 0; return probeOf('r' + i, c.value); });
const by = new Map<string, number[]>();
rows.forEach((r, i) => { const l = by.get(r.truth) ?? []; l.push(i); by.set(r.truth, l); });
function bucket(a: LinkRecord, b: LinkRecord): string {
  const lv = compareRecords(a, b)[0];
  if (lv !== 3) return 'L' + lv;
  const x = a.family!, y = b.family!;
  const d = damerauLevenshtein(x, y, 3);
  const jw = jaroWinkler(x, y);
  const rel = d / Math.max(x.length, y.length);
  return `d${d}${rel <= 0.34 ? 's' : 'l'} jw${jw >= 0.8 ? 'hi' : jw >= 0.7 ? 'mid' : 'lo'}`;
}
const tc = new Map<string, number>(); let tn = 0;
for (const l of by.values()) for (let i = 0; i < l.length; i++) for (let j = i + 1; j < l.length; j++) {
  const a = recs[l[i]!]!, b = recs[l[j]!]!; if (!a.family || !b.family) continue;
  const k = bucket(a, b); tc.set(k, (tc.get(k) ?? 0) + 1); tn++;
}
const rc = new Map<string, number>(); let rn = 0;
let s = 1; const rand = () => { s = (s * 48271) % 2147483647; return s / 2147483647; };
for (let k = 0; k < 2000000; k++) {
  const a = recs[Math.floor(rand() * recs.length)]!, b = recs[Math.floor(rand() * recs.length)]!;
  if (rows[Number(a.id.slice(1))]!.truth === rows[Number(b.id.slice(1))]!.truth || !a.family || !b.family) continue;
  const kk = bucket(a, b); rc.set(kk, (rc.get(kk) ?? 0) + 1); rn++;
}
const keys = [...new Set([...tc.keys(), ...rc.keys()])].sort();
for (const k of keys) { const m = (tc.get(k) ?? 0) / tn, u = (rc.get(k) ?? 0) / rn; console.log(k.padEnd(14), m.toFixed(5), u.toFixed(6), Math.log2((m + 1e-7) / (u + 1e-7)).toFixed(2)); }
