import type { Command } from 'commander';
import { CLI_ACTOR } from '../common.js';

/** `homecoming train`: trains the linkage model on the registry's own records. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description("train the linkage model on the registry's own records and use it from now on")
    .option('--json', 'print the model as JSON')
    .action(async (o: { json?: boolean }) => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { trainRegistryModel } = await import('../../modules/linkage/train.js');
      const config = loadConfig();
      const model = await withDatabase(config, (database) =>
        trainRegistryModel(database, {
          actor: CLI_ACTOR,
          onProgress: (phase, done) => process.stderr.write(`\rtrain: ${phase} ${done}   `),
        }),
      );
      process.stderr.write('\n');
      if (o.json) console.log(JSON.stringify(model));
      else
        console.log(
          `trained ${model.version} on ${model.trained?.records ?? 0} records (${model.trained?.blockedPairs ?? 0} blocked pairs); prior ${model.prior.toFixed(2)} bits`,
        );
    });
}
