import type { Command } from 'commander';

/** `homecoming reindex`: rebuilds stale name keys (every database command also does this at start). */
export function registerReindex(program: Command): void {
  program
    .command('reindex')
    .description('rebuild stale name keys (every command also does this at start)')
    .action(async () => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const config = loadConfig();
      await withDatabase(config, async () => undefined);
      console.log('name keys are up to date');
    });
}
