import { describe, expect, it, vi } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';

// This file imports neither the wiring nor the test databases first, and test files share a process
// (isolate: false) whose earlier files loaded both: the module graph is emptied first, so the imports
// below see a process that forgot to load `src/wiring.ts`.
describe('wiring', () => {
  it("refuses to refresh persons' views in a process that did not load the wiring, and refreshes once it is loaded", async () => {
    vi.resetModules();
    const { refreshPersons } = await import('./modules/records/repo.js');
    const noDatabase = null as unknown as Kysely<DB>;
    await expect(refreshPersons(noDatabase, ['00000000-0000-4000-8000-000000000001'])).rejects.toThrow(
      /did not load src\/wiring\.ts/,
    );
    const { openTestDatabase } = await import('./test/databases.js');
    const t = await openTestDatabase('pglite');
    try {
      await t.database.db
        .transaction()
        .execute((trx) => refreshPersons(trx, ['00000000-0000-4000-8000-000000000001']));
    } finally {
      await t.dispose();
    }
  });
});
