/**
 * What an import's family-key counts (`FamilyKeyCounts.load`, held for the whole import) keep in the JS heap
 * at a registry's size (bench/RESULTS.md, `nf`):
 *
 *   node --expose-gc --import tsx --conditions=source bench/linkage/familyKeysMemory.ts --url postgres://…
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { FamilyKeyCounts } from '../../packages/server/src/modules/linkage/familyKeys.js';

const { values } = parseArgs({ options: { url: { type: 'string' } } });
if (values.url === undefined) throw new Error('--url postgres://…');
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const database = await openDatabase({ url: values.url });
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};
const before = heap();
const counts = await FamilyKeyCounts.load(database.db);
const after = heap();
console.log(
  `family keys held: ${counts.size}; heap kept ${(after - before).toFixed(1)} MB (${before.toFixed(1)} → ${after.toFixed(1)}); rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
);
await database.close();
