import { blockedPairs, trainModel, type LinkageModel } from '@homecoming/linkage';
import type { Database } from '../../db/database.js';
import { saveModel } from './model.js';
import { loadRegistry } from './registry.js';

/**
 * Trains the model on the registry's own records (u by random sampling, m by EM over blocked pairs, the
 * prior, term frequencies) and stores it as the model in use.
 */
export async function trainRegistryModel(
  database: Database,
  opts: { actor: string; randomPairs?: number; onProgress?: (phase: string, done: number) => void },
): Promise<LinkageModel> {
  const { records } = await loadRegistry(database, (n) => opts.onProgress?.('load', n));
  if (records.length < 2) throw new Error('the registry needs at least two records to train on');
  const model = trainModel({
    records,
    pairs: blockedPairs(records, { eachRule: true }),
    randomPairs: opts.randomPairs ?? Math.min(2_000_000, Math.max(100_000, records.length * 2)),
  });
  await saveModel(database.db, model, opts.actor);
  return model;
}
