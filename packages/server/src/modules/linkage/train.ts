import { blockedPairs, implausibleModel, trainModel, type LinkageModel } from '@homecoming/linkage';
import { sql } from 'kysely';
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { unsafeRegistryPrincipal } from '../../gate/principal.js';
import { appendAudit } from '../audit/log.js';
import { compactNameFrequencies } from './frequencies.js';
import { saveModel } from './model.js';
import { loadRegistry, SAMPLE_PARTS } from './registry.js';

/** The registry is retrained once it holds this many times the records its model was trained on. */
export const RETRAIN_GROWTH = 1.2;
/**
 * A registry larger than this trains on a sample of its persons of about this many records: m (EM over
 * the blocked pairs within the sample) and u (random pairs) need no more, the term frequencies are the
 * registry's own counts (`name_frequency`), and the prior follows the registry's size (`matchesPerRecord`).
 * Loading a million records and their blocked pairs took the importing process to 2.7 GB for minutes.
 */
export const TRAINING_SAMPLE_RECORDS = 100_000;
/** Below this many records the default model stays in use: too few pairs to learn from. */
export const MIN_TRAINING_RECORDS = 1000;

/** Training found nothing it could use (`implausibleModel`): the model in use stays. */
export class ModelNotTrained extends Error {
  constructor(reason: string) {
    super(`the linkage model was not trained: ${reason}; the model in use stays`);
    this.name = 'ModelNotTrained';
  }
}

/**
 * Trains the model on the registry's own records (u by random sampling, m by EM over blocked pairs, the
 * prior, term frequencies) and stores it as the model in use, under a new version; links made from now
 * on carry that version, older links keep theirs. It reads every record of the registry (of a sample of
 * its persons past TRAINING_SAMPLE_RECORDS), so it is the command line's (and the system's, after an
 * import) alone, and audited.
 */
export async function trainRegistryModel(
  database: Database,
  opts: {
    actor: string;
    principal?: Principal;
    randomPairs?: number;
    /** Train on the records of a sample of the persons, about this many records (default TRAINING_SAMPLE_RECORDS). */
    sampleRecords?: number;
    /** How training counts the matches per record (`TrainingInput.matchesFrom`; default `scored`, fs-16). */
    matchesFrom?: 'scored' | 'sessions' | 'recount';
    onProgress?: (phase: string, done: number) => void;
  },
): Promise<LinkageModel> {
  const count = await sql<{ n: string }>`SELECT count(*)::text AS n FROM record`.execute(database.db);
  const total = Number(count.rows[0]?.n ?? 0);
  const limit = opts.sampleRecords ?? TRAINING_SAMPLE_RECORDS;
  const parts = total > limit ? Math.floor((SAMPLE_PARTS * limit) / total) : SAMPLE_PARTS;
  const { records } = await loadRegistry(database, (n) => opts.onProgress?.('load', n), parts);
  if (records.length < 2) throw new Error('the registry needs at least two records to train on');
  const trained = trainModel({
    records,
    pairs: blockedPairs(records, { eachRule: true }),
    randomPairs: opts.randomPairs ?? Math.min(2_000_000, Math.max(100_000, records.length * 2)),
    ...(opts.matchesFrom === undefined ? {} : { matchesFrom: opts.matchesFrom }),
  });
  const principal = opts.principal ?? { ...unsafeRegistryPrincipal(), id: opts.actor };
  const problem = implausibleModel(trained);
  if (problem !== null) {
    // Kept, so that the next automatic attempt waits for the registry to grow (`retrainIfGrown`).
    await database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('linkage_training_refusal')
        .values({ records: total, reason: problem, actor: opts.actor })
        .execute();
      await appendAudit(trx, principal, {
        action: 'model.train_refused',
        objectType: 'linkage_model',
        objectId: null,
        detail: { records: total, sampled: records.length, reason: problem },
      });
    });
    throw new ModelNotTrained(problem);
  }
  // The growth check (`retrainIfGrown`) compares the registry with its size when trained, not the sample's.
  const model: LinkageModel =
    trained.trained === undefined || records.length === total
      ? trained
      : { ...trained, trained: { ...trained.trained, records: total } };
  await database.db.transaction().execute(async (trx) => {
    await saveModel(trx, model, opts.actor);
    await appendAudit(trx, principal, {
      action: 'model.train',
      objectType: 'linkage_model',
      objectId: model.version,
      detail: { records: total, sampled: records.length },
    });
  });
  await database.db.transaction().execute((trx) => compactNameFrequencies(trx));
  return model;
}

/**
 * Retrains when the registry has grown by RETRAIN_GROWTH since the model in use was trained, or since
 * training was last refused (or holds MIN_TRAINING_RECORDS and neither happened). Returns the new model,
 * or null when none was needed or training was refused. Imports call it when they finish.
 */
export async function retrainIfGrown(
  database: Database,
  opts: { actor: string },
): Promise<LinkageModel | null> {
  const row = await database.db
    .selectFrom('linkage_model')
    .select(['model'])
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const trainedOn = row ? ((row.model as LinkageModel).trained?.records ?? 0) : 0;
  const count = await sql<{ n: string }>`SELECT count(*)::text AS n FROM record`.execute(database.db);
  const records = Number(count.rows[0]?.n ?? 0);
  if (records < MIN_TRAINING_RECORDS) return null;
  const refused = await database.db
    .selectFrom('linkage_training_refusal')
    .select(['records'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const since = Math.max(trainedOn, Number(refused?.records ?? 0));
  if (since > 0 && records < since * RETRAIN_GROWTH) return null;
  try {
    return await trainRegistryModel(database, opts);
  } catch (err) {
    // A registry of one record a person has no matches to learn from: keep the model in use (an import
    // tries again once the registry has grown by RETRAIN_GROWTH).
    if (!(err instanceof ModelNotTrained)) throw err;
    console.error(err.message);
    return null;
  }
}
