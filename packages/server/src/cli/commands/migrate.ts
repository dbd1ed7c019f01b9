import type { Command } from 'commander';

/** `homecoming migrate`: applies pending migrations only (no name-key rebuild). */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const { loadConfig } = await import('../../config.js');
      const { openDatabase, targetOf } = await import('../../db/database.js');
      const { migrate } = await import('../../db/migrate.js');
      const config = loadConfig();
      const database = await openDatabase(targetOf(config));
      try {
        const applied = await migrate(database.pool);
        console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await database.close();
      }
    });
}
