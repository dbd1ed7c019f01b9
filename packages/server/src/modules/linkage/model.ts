import {
  compileModel,
  defaultModel,
  forLists,
  type CompiledModel,
  type LinkageModel,
} from '@homecoming/linkage';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * The model in use: the newest trained one, or the default before any training. `for: 'list'` reads it as
 * a list decided against the registry does (`link`, exchanges, tracing requests: see `forLists`); the
 * registry's own linking (import, a new record, `dedupe`, review) reads it as it is.
 */
export async function loadModel(
  db: Kysely<DB>,
  opts: { for: 'registry' | 'list' } = { for: 'registry' },
): Promise<CompiledModel> {
  const row = await db
    .selectFrom('linkage_model')
    .select(['model'])
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const model = row ? (row.model as LinkageModel) : defaultModel();
  return compileModel(opts.for === 'list' ? forLists(model) : model);
}

/** Stores a trained model; it is used from now on. */
export async function saveModel(db: Kysely<DB>, model: LinkageModel, actor: string): Promise<void> {
  await db
    .insertInto('linkage_model')
    .values({ version: model.version, model: JSON.stringify(model), created_by: actor })
    .execute();
}
