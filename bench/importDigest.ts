/**
 * A digest of what a linked import left in a registry, to compare two import paths (bench/RESULTS.md,
 * `plite`); see `registryDigest`.
 *
 *   npx tsx --conditions=source bench/importDigest.ts --data <PGlite folder> | --url <postgres url>
 */
import { openDatabase } from '../packages/server/src/db/database.js';
import { registryDigest } from '../packages/server/src/test/registryDigest.js';

const args = process.argv.slice(2);
const at = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const url = at('--url');
const data = at('--data');
if (url === undefined && data === undefined) throw new Error('--url URL or --data FOLDER');
const database = await openDatabase(url !== undefined ? { url } : { dataDir: data as string });
for (const [name, value] of Object.entries(await registryDigest(database.db)))
  console.log(`${name.padEnd(26)} ${value.slice(0, value.indexOf(' ') + 13)}`);
await database.close();
