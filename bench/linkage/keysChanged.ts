/**
 * Which generated records a change of the name-key functions re-keys, and whether a migration's choice of
 * records to re-key (its `~ '…'` patterns, read from the file) holds every one of them. Compares the names
 * package built from an earlier commit (OLD_NAMES: its dist/index.js) with this tree's, on the bench's
 * populations (20,000 persons, seed 5, each noise model and profile).
 *
 *   git worktree add /tmp/old <rev> && (cd /tmp/old && npm ci && npm run build)
 *   OLD_NAMES=/tmp/old/packages/names/dist/index.js MIGRATION=0056 npx tsx --conditions=source bench/linkage/keysChanged.ts
 *
 * The migration's first two patterns read the three name fields joined by a space, the third the given name
 * (as 0056 writes them). Generated people only; prints counts and at most six fields of records it misses.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as newNames from '@homecoming/names';
import { populationOf } from './sets.js';

const oldPath = process.env['OLD_NAMES'];
if (oldPath === undefined)
  throw new Error('OLD_NAMES: the dist/index.js of the names package to compare with');
const oldNames = (await import(path.resolve(oldPath))) as typeof newNames;
const version = process.env['MIGRATION'] ?? '0056';
const dir = path.join(import.meta.dirname, '../../packages/server/migrations');
const file = fs.readdirSync(dir).find((f) => f.startsWith(`${version}_`));
if (file === undefined) throw new Error(`no migration ${version}`);
const patterns = [...fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/~ '([^']*)'/gu)].map(
  (m) => new RegExp(m[1] as string, 'u'),
);
if (patterns.length !== 3) throw new Error(`${file}: expected three patterns, found ${patterns.length}`);
const [whole, mixed, given] = patterns as [RegExp, RegExp, RegExp];

const keysOf = (n: typeof newNames, f?: string, g?: string, p?: string): string => {
  const k = n.nameKeys(n.parseNameFields(f, g, p));
  return [k.family, k.familyPhonetic, k.given, k.father].join('|');
};
for (const noise of ['typical', 'holdout2', 'holdout3', 'holdout4', 'holdout5', 'holdout6'])
  for (const profile of ['realistic', 'mixed']) {
    const rows = populationOf({ persons: '20000', seed: '5', noise, profile });
    let changed = 0;
    let missed = 0;
    let chosen = 0;
    for (const r of rows) {
      const [f, g, p] = [r.family_name || undefined, r.given_name || undefined, r.patronymic || undefined];
      const all = [f, g, p].filter((x) => x !== undefined).join(' ');
      const hit = whole.test(all) || mixed.test(all) || given.test(g ?? '');
      if (hit) chosen++;
      if (keysOf(oldNames, f, g, p) === keysOf(newNames, f, g, p)) continue;
      changed++;
      if (!hit && ++missed <= 6) console.log(`  missed: ${all}`);
    }
    console.log(
      `${noise}/${profile}: ${rows.length} records, keys changed ${changed}, of them not re-keyed ${missed}; re-keyed ${chosen}`,
    );
  }
