import { Option, type Command } from 'commander';
import { positiveInt } from '../common.js';

/** `homecoming stats publish`: builds and publishes a statistics release as the registry-wide publisher. */
export function registerStats(program: Command): void {
  const stats = program.command('stats').description('public statistics releases (aggregates only)');
  stats
    .command('publish')
    .description(
      'build a release from the registry as of now, apply disclosure control, and publish it (draft, review and publish in one step, as the registry-wide publisher)',
    )
    .option('--threshold <k>', 'disclosure threshold k: counts from 1 to k-1 are suppressed', positiveInt, 10)
    .addOption(
      new Option('--method <method>', 'disclosure control')
        .choices(['suppression', 'rounding'])
        .default('suppression'),
    )
    .option('--exchange-figures', 'include the per-exchange figures (recorded exchanges)')
    .option('--corrects <release_id>', 'the published release this one corrects', positiveInt)
    .option('--note <text>', 'what the correction corrects (with --corrects)')
    .option('--json', 'print {"release_id": …} as JSON')
    .action(
      async (o: {
        threshold: number;
        method: 'suppression' | 'rounding';
        corrects?: number;
        note?: string;
        exchangeFigures?: boolean;
        json?: boolean;
      }) => {
        const { loadConfig } = await import('../../config.js');
        const { withDatabase } = await import('../database.js');
        const { AppError } = await import('../../errors.js');
        const { publishReleaseNow } = await import('../../modules/statistics/service.js');
        if (o.threshold > 1000) throw new AppError('validation_failed', '--threshold: at most 1000');
        if ((o.corrects === undefined) !== (o.note === undefined)) {
          throw new AppError('validation_failed', '--corrects and --note go together');
        }
        const config = loadConfig();
        // rounding keyed by the server's key, as the server rounds (consistent across releases)
        const { loadOrCreateTracingKey } = await import('../../modules/tracing/codes.js');
        const serverKey =
          o.method === 'rounding' ? loadOrCreateTracingKey(config.tracing.keyFile) : undefined;
        const release = await withDatabase(config, (database) =>
          publishReleaseNow(
            database,
            {
              threshold: o.threshold,
              exchange_figures: o.exchangeFigures === true,
              method: o.method,
              ...(o.corrects !== undefined ? { corrects: o.corrects, correction_note: o.note } : {}),
            },
            undefined,
            serverKey,
          ),
        );
        if (o.json) console.log(JSON.stringify({ release_id: release.release_id }));
        else
          console.log(
            `published statistics release ${release.release_id} as of ${release.as_of} (threshold ${release.threshold}, ${release.method}; content hash ${release.content_hash})`,
          );
      },
    );
}
