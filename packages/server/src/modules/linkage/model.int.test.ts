import { defaultModel, TRAINED_THRESHOLDS } from '@homecoming/linkage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { loadModel, saveModel } from './model.js';

describe.each(DATABASE_KINDS)('the model in use, for the registry and for a list, on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('reads the default model alike for both before any training', async () => {
    const registry = await loadModel(t.database.db);
    const list = await loadModel(t.database.db, { for: 'list' });
    expect(registry.model.thresholds.auto).toBe(defaultModel().thresholds.auto);
    expect(list.model.thresholds.auto).toBe(defaultModel().thresholds.auto);
  });

  it("links a list's row from the trained model's list threshold, and a record joining the registry from its own", async () => {
    // A trained model's thresholds on the default weights: what is read is the point, not the weights.
    const trained = { ...defaultModel(), version: 'fs-test:trained', thresholds: { ...TRAINED_THRESHOLDS } };
    await saveModel(t.database.db, trained, 'test');
    const registry = await loadModel(t.database.db);
    const list = await loadModel(t.database.db, { for: 'list' });
    expect(registry.model.thresholds.auto).toBe(TRAINED_THRESHOLDS.auto);
    expect(list.model.thresholds.auto).toBe(TRAINED_THRESHOLDS.list);
    expect(list.model.thresholds.review).toBe(registry.model.thresholds.review);
  });
});
