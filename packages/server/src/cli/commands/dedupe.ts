import type { Command } from 'commander';
import { CLI_ACTOR } from '../common.js';

/** How far `dedupe`'s heap may grow over what its last full collection kept, in percent (`boundHeapGrowth`). */
const DEDUPE_HEAP_GROWTH_PERCENT = 50;

/** `homecoming dedupe`: re-resolves the whole registry under the current model. */
export function registerDedupe(program: Command): void {
  program
    .command('dedupe')
    .description(
      're-resolve the whole registry under the current model (after a model change); progress on stderr',
    )
    .option('--json', 'print the summary as JSON')
    .action(async (o: { json?: boolean }) => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { dedupeRegistry } = await import('../../modules/linkage/dedupe.js');
      const { boundHeapGrowth } = await import('../../phases.js');
      // The process does only this: its heap grows at most half again over what it holds, not V8's own
      // factor (at a million persons it held a few hundred MB and peaked at 1.7 GB; bench/RESULTS.md, ddm).
      boundHeapGrowth(DEDUPE_HEAP_GROWTH_PERCENT);
      const config = loadConfig();
      const summary = await withDatabase(config, (database) =>
        dedupeRegistry(database, {
          actor: CLI_ACTOR,
          onProgress: (phase, done, total) =>
            process.stderr.write(
              `\rdedupe: ${phase} ${done}${total > 0 && total !== done ? `/${total}` : ''}   `,
            ),
        }),
      );
      process.stderr.write('\n');
      const { profiling, phaseTable } = await import('../../phases.js');
      if (profiling())
        process.stderr.write(
          `dedupe's statements and peak memory (HOMECOMING_PROFILE=1):\n${phaseTable()}\n`,
        );
      if (o.json) console.log(JSON.stringify(summary));
      else
        console.log(
          [
            `re-resolved ${summary.records} records under ${summary.modelVersion}`,
            `  pairs scored: ${summary.pairsScored}`,
            `  merges:       ${summary.merges} (${summary.refused} refused: conflicting records)`,
            `  for review:   ${summary.proposed}`,
            `  seconds:      load ${summary.seconds.load}, score ${summary.seconds.score}, write ${summary.seconds.write}`,
          ].join('\n'),
        );
    });
}
