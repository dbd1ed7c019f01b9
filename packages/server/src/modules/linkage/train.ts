import { blockedPairs, trainModel, type LinkageModel } from '@homecoming/linkage';
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { unsafeRegistryPrincipal } from '../../gate/principal.js';
import { appendAudit } from '../audit/log.js';
import { saveModel } from './model.js';
import { loadRegistry } from './registry.js';

/**
 * Trains the model on the registry's own records (u by random sampling, m by EM over blocked pairs, the
 * prior, term frequencies) and stores it as the model in use. It reads every record of the registry, so
 * it is the command line's alone, and audited.
 */
export async function trainRegistryModel(
  database: Database,
  opts: {
    actor: string;
    principal?: Principal;
    randomPairs?: number;
    onProgress?: (phase: string, done: number) => void;
  },
): Promise<LinkageModel> {
  const { records } = await loadRegistry(database, (n) => opts.onProgress?.('load', n));
  if (records.length < 2) throw new Error('the registry needs at least two records to train on');
  const model = trainModel({
    records,
    pairs: blockedPairs(records, { eachRule: true }),
    randomPairs: opts.randomPairs ?? Math.min(2_000_000, Math.max(100_000, records.length * 2)),
  });
  await database.db.transaction().execute(async (trx) => {
    await saveModel(trx, model, opts.actor);
    await appendAudit(trx, opts.principal ?? { ...unsafeRegistryPrincipal(), id: opts.actor }, {
      action: 'model.train',
      objectType: 'linkage_model',
      objectId: model.version,
      detail: { records: records.length },
    });
  });
  return model;
}
