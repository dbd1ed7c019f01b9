import { REGISTRY_ORGANISATION_ID } from '../auth/permissions.js';
import { unsafeRegistryPrincipal } from '../gate/principal.js';
import { appendAudit } from '../modules/audit/log.js';
import type { Database } from '../db/database.js';
import { probeOf } from '../modules/linkage/candidates.js';
import { countNames, foldNameCounts } from '../modules/linkage/frequencies.js';
import { ensureSources, insertRecordsAsNewPersons, type NewRecord } from '../modules/records/repo.js';
import { validateRecordFields } from '../modules/records/validate.js';
import { generatePopulation, type PopulationProfile } from './population.js';
import { analyzeAfterBulkWrite } from '../db/statistics.js';

/** Options for filling a registry with generated (never real) people. */
export interface SeedOptions {
  persons: number;
  /** The population's shape (see PopulationOptions); `harsh` by default. */
  profile?: PopulationProfile;
  /** Share of persons drawn as relatives of earlier ones (PopulationOptions.families); 0 by default. */
  families?: number;
  seed?: number;
  source?: string;
  actor: string;
  batchSize?: number;
  onProgress?: (done: number) => void;
}

/**
 * Writes a generated population through the same write path as an import; idempotent for a given seed
 * and source (each generated row has a stable external_id).
 */
export async function seedRegistry(
  database: Database,
  opts: SeedOptions,
): Promise<{ imported: number; unchanged: number }> {
  const batchSize = opts.batchSize ?? 2000;
  const sourceName = opts.source ?? 'generated demo data';
  const source = (
    await ensureSources(database.db, REGISTRY_ORGANISATION_ID, [sourceName], {
      type: 'other',
      reliability: 'F',
    })
  ).get(sourceName);
  if (!source) throw new Error('source was not created');
  let batch: NewRecord[] = [];
  let done = 0;
  const totals = { imported: 0, unchanged: 0 };
  const flush = async () => {
    const items = batch;
    batch = [];
    const r = await database.db.transaction().execute(async (trx) => {
      const written = await insertRecordsAsNewPersons(trx, items, { actor: opts.actor });
      // The name counts and the registry's size move with the records, as at an import: linkage weighs a
      // name by how common it is here and sets its prior from the size (without them a seeded 1M registry
      // looked empty to it: every surname as rare as the model's default, the prior of 50,000 records).
      await countNames(
        trx,
        written.inserted.map((w) => probeOf(w.recordId, w.item.content)),
      );
      await appendAudit(
        trx,
        { ...unsafeRegistryPrincipal(), id: opts.actor },
        {
          action: 'seed.batch',
          objectType: 'record',
          objectId: null,
          detail: { imported: written.inserted.length },
        },
      );
      return written;
    });
    totals.imported += r.inserted.length;
    totals.unchanged += r.unchanged;
    opts.onProgress?.(done);
  };
  for (const row of generatePopulation({
    persons: opts.persons,
    seed: opts.seed ?? 1,
    source: sourceName,
    profile: opts.profile ?? 'harsh',
    families: opts.families ?? 0,
  })) {
    const checked = validateRecordFields(row);
    done++;
    // The generator only makes valid rows; a failure here is a bug in it, not bad input.
    if (!checked.ok)
      throw new Error(`generated row ${row.external_id} is invalid: ${JSON.stringify(checked.problems)}`);
    batch.push({ content: { ...checked.value, external_id: row.external_id }, source });
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  // A row per key and batch, folded into one a key (`foldNameCounts`): every read of a count sums them.
  if (totals.imported > 0) await foldNameCounts(database.db);
  await analyzeAfterBulkWrite(database.db, totals.imported);
  return totals;
}
