import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { seedRegistry } from '../../seed/seedRegistry.js';
import { ModelNotTrained, retrainIfGrown, trainRegistryModel } from './train.js';

// Generated people only: a seeded registry holds one record a person, so training finds no matches to
// learn from and refuses (`implausibleModel`).
describe.each(DATABASE_KINDS)('a refused training on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedRegistry(t.database, { persons: 3000, seed: 11, actor: 'test', profile: 'harsh' });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const refusals = async () =>
    (
      await sql<{ records: string; reason: string }>`
        SELECT records::text, reason FROM linkage_training_refusal ORDER BY id`.execute(t.database.db)
    ).rows;
  const audited = async () =>
    Number(
      (
        await sql<{ n: string }>`
          SELECT count(*)::text AS n FROM audit_entry WHERE action = 'model.train_refused'`.execute(
          t.database.db,
        )
      ).rows[0]?.n,
    );

  /** Another list of distinct generated people joins the registry. */
  const grow = (persons: number, seed: number, source: string) =>
    seedRegistry(t.database, { persons, seed, actor: 'test', profile: 'harsh', source });

  it('is kept with the registry size and audited, and the model in use stays', async () => {
    expect(await retrainIfGrown(t.database, { actor: 'test' })).toBeNull();
    const kept = await refusals();
    expect(kept).toHaveLength(1);
    expect(kept[0]?.records).toBe('3000');
    expect(kept[0]?.reason).toMatch(/agree exactly/);
    expect(await audited()).toBe(1);
    const models = await sql<{ n: string }>`SELECT count(*)::text AS n FROM linkage_model`.execute(
      t.database.db,
    );
    expect(models.rows[0]?.n).toBe('0');
  });

  it('is not tried again by an import until the registry has grown by a fifth', async () => {
    expect(await retrainIfGrown(t.database, { actor: 'test' })).toBeNull();
    expect(await refusals()).toHaveLength(1);
    await grow(500, 12, 'second list');
    expect(await retrainIfGrown(t.database, { actor: 'test' })).toBeNull();
    expect(await refusals()).toHaveLength(1);
    await grow(200, 13, 'third list');
    // 3,700 records ≥ 1.2 × 3,000: tried again, refused again.
    expect(await retrainIfGrown(t.database, { actor: 'test' })).toBeNull();
    expect((await refusals()).map((r) => r.records)).toEqual(['3000', '3700']);
  });

  it('does not stop an operator from training by hand', async () => {
    await expect(trainRegistryModel(t.database, { actor: 'test' })).rejects.toBeInstanceOf(ModelNotTrained);
    expect(await refusals()).toHaveLength(3);
    expect(await audited()).toBe(3);
  });
});
