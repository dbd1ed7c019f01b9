/**
 * What each noise class of a set holds (nm15): of simulate:link's registry (20,000 persons, seed 5), the extra
 * records of each class, and the share with no birth date and with a full one — a class's figure in simulate's
 * `by class` line moves with what its rows give, so two trees' figures for a class compare only where it holds
 * alike rows. With OLD_VALIDATE (another tree's records/validate.ts), each class's rows that tree's import
 * would refuse are counted apart: that tree's sets wrote them without their class and, before nm15, labelled
 * them `clean` (now `refused`).
 *
 *   NOISE=holdout13 PROFILE=realistic [OLD_VALIDATE=<path to a validate.ts>] npx tsx --conditions=source bench/linkage/classRows.ts
 *
 * An old validate.ts of a commit can be read in this tree: `git show <commit>:packages/server/src/modules/records/
 * validate.ts > packages/server/src/modules/records/validate.old.ts` (its imports resolve here; delete it after).
 * Generated people only.
 */
import path from 'node:path';
import type * as validate from '../../packages/server/src/modules/records/validate.js';
import { PROFILES, registrySet, type Profile } from './sets.js';

const noise = (process.env['NOISE'] ?? 'holdout13') as Profile;
const profile = (process.env['PROFILE'] ?? 'realistic') as 'realistic' | 'harsh' | 'mixed';
const oldPath = process.env['OLD_VALIDATE'];
const old = oldPath === undefined ? undefined : ((await import(path.resolve(oldPath))) as typeof validate);

const rows = registrySet(20000, 5, PROFILES[noise], profile);
const tally = new Map<string, [number, number, number]>();
const add = (k: string, birth: string): void => {
  const e = tally.get(k) ?? [0, 0, 0];
  e[0]++;
  if (birth.trim() === '') e[1]++;
  else if (/^\d{4}-\d\d-\d\d$/u.test(birth)) e[2]++;
  tally.set(k, e);
};
for (const r of rows) {
  const c = r.noise;
  if (c === undefined) continue;
  add(c, r.birth_date);
  if (old !== undefined && c !== 'clean' && c !== 'refused' && !old.validateRecordFields(r).ok)
    add(`${c} (the other tree refuses)`, r.birth_date);
}
console.log(`${noise}/${profile}: class, extra records, no birth date, full ISO birth date`);
for (const [k, [n, none, full]] of [...tally].sort())
  console.log(
    `  ${k.padEnd(44)} ${String(n).padStart(6)}  ${(none / n).toFixed(3)}  ${(full / n).toFixed(3)}`,
  );
