import { once } from 'node:events';
import type { Command } from 'commander';
import { EXIT } from '../common.js';

/** `homecoming link <file>`: links a list to the registry without importing it. */
export function registerLink(program: Command): void {
  program
    .command('link')
    .description(
      'link a list (canonical CSV columns) to the registry without importing it; one JSON line per row',
    )
    .argument('<file>', 'CSV file, UTF-8, with a header row')
    .option('--json', 'write JSON lines (the only output format; accepted for clarity)')
    .action(async (file: string) => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { linkList } = await import('../../modules/linkage/linkList.js');
      const config = loadConfig();
      const totals = await withDatabase(config, (database) =>
        linkList(database, file, {
          line: async (l) => {
            if (!process.stdout.write(JSON.stringify(l) + '\n')) await once(process.stdout, 'drain');
          },
          problem: (p) =>
            console.error(
              `line ${p.line} (external_id ${p.external_id}): ${p.problems.map((x) => `${x.column}: ${x.reason}`).join('; ')}`,
            ),
        }),
      );
      console.error(
        `linked ${totals.rows} rows: ${totals.matched} match, ${totals.possible} possible (${totals.alternatives} other persons shown beside them), ${totals.none} none, ${totals.rejected} rejected`,
      );
      if (totals.rejected > 0) process.exitCode = EXIT.rejected;
    });
}
