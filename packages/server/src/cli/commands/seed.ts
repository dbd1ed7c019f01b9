import { Option, type Command } from 'commander';
import { CLI_ACTOR, positiveInt, share } from '../common.js';

/** `homecoming seed`: a generated population (never real people). */
export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('fill the registry with a generated population (never real people)')
    .requiredOption('--persons <n>', 'how many persons', positiveInt)
    .option('--seed <n>', 'random seed (same seed, same people)', positiveInt, 1)
    .option('--source <name>', 'source name of the generated records', 'generated demo data')
    .addOption(
      new Option(
        '--profile <profile>',
        'population shape: harsh (~220 common surnames) or realistic (a long tail)',
      )
        .choices(['harsh', 'realistic'])
        .default('harsh'),
    )
    .option(
      '--families <share>',
      'share of persons drawn as relatives of earlier ones (siblings, twins, parents, spouses, cousins); 0 draws the same people as before',
      share,
      0,
    )
    .action(
      async (o: {
        persons: number;
        seed: number;
        source: string;
        profile: 'harsh' | 'realistic';
        families: number;
      }) => {
        const { loadConfig } = await import('../../config.js');
        const { withDatabase } = await import('../database.js');
        const { seedRegistry } = await import('../../seed/seedRegistry.js');
        const { startProgress } = await import('../progress.js');
        const config = loadConfig();
        const r = await withDatabase(config, async (database) => {
          const progress = startProgress('seed', o.persons);
          try {
            return await seedRegistry(database, {
              persons: o.persons,
              seed: o.seed,
              source: o.source,
              profile: o.profile,
              families: o.families,
              actor: CLI_ACTOR,
              onProgress: (done) => progress.update(done, { rows: done }),
            });
          } finally {
            progress.stop();
          }
        });
        console.log(`seeded ${r.imported} persons (${r.unchanged} already there)`);
      },
    );
}
