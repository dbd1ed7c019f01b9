import '../wiring.js';
import { Command, CommanderError } from 'commander';
import { registerAudit } from './commands/audit.js';
import { registerBackup } from './commands/backup.js';
import { registerDedupe } from './commands/dedupe.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerLink } from './commands/link.js';
import { registerMigrate } from './commands/migrate.js';
import { registerReindex } from './commands/reindex.js';
import { registerSearch } from './commands/search.js';
import { registerSeed } from './commands/seed.js';
import { registerServe } from './commands/serve.js';
import { registerStats } from './commands/stats.js';
import { registerTrain } from './commands/train.js';
import { registerUser } from './commands/user.js';
// Tracing requests, persons and events (issue #12).
import { registerEvent } from './commands/event.js';
import { registerPerson } from './commands/person.js';
import { registerTracing } from './commands/tracing.js';
// Exchanges (issue #13).
import { registerExchange } from './commands/exchange.js';
import { EXIT } from './common.js';

// Each command lives in cli/commands/<name>.ts and imports its heavy modules (database, zod, argon2, the
// HTTP server) inside its action, so `--help` and argument errors start in a fraction of a second.

export { EXIT };

/** The `homecoming` command line. */
export function buildCli(): Command {
  const program = new Command('homecoming')
    .description(
      'Homecoming: a tracing registry for prisoners of war, detained civilians, missing persons and deported children',
    )
    .showHelpAfterError()
    .configureOutput({ outputError: (s, write) => write(s) });
  registerServe(program);
  registerMigrate(program);
  registerImport(program);
  registerExport(program);
  registerSeed(program);
  registerSearch(program);
  registerUser(program);
  registerAudit(program);
  registerLink(program);
  registerTrain(program);
  registerDedupe(program);
  registerReindex(program);
  registerStats(program);
  registerTracing(program);
  registerPerson(program);
  registerEvent(program);
  registerExchange(program);
  registerBackup(program);
  return program;
}

/**
 * Runs the CLI; known errors print one clear line and exit 2, never a stack. `program` is `buildCli()`;
 * the tests pass one whose commands throw commander's exits (`exitOverride`) instead of ending the process.
 */
export async function main(argv: string[] = process.argv, program: Command = buildCli()): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    // Only with exitOverride: commander has already said why (or printed the help); its exit code stands.
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    // Known errors (configuration, application, a locked data folder) print their message only; anything
    // else also prints its stack with DEBUG set.
    const known = ['ConfigError', 'AppError', 'DataDirLockedError'].includes((err as Error)?.name ?? '');
    console.error(`error: ${(err as Error).message ?? String(err)}`);
    if (!known && process.env['DEBUG']) console.error(err);
    process.exitCode = EXIT.failed;
  }
}
