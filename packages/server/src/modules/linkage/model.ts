import { compileModel, defaultModel, type CompiledModel, type LinkageModel } from '@homecoming/linkage';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The model in use: the newest trained one, or the default before any training. */
export async function loadModel(db: Kysely<DB>): Promise<CompiledModel> {
  const row = await db
    .selectFrom('linkage_model')
    .select(['model'])
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return compileModel(row ? (row.model as LinkageModel) : defaultModel());
}

/** Stores a trained model; it is used from now on. */
export async function saveModel(db: Kysely<DB>, model: LinkageModel, actor: string): Promise<void> {
  await db
    .insertInto('linkage_model')
    .values({ version: model.version, model: JSON.stringify(model), created_by: actor })
    .execute();
}
