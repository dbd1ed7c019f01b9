import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { RELIABILITY_GRADES, SOURCE_TYPES } from '../../modules/registry/vocabulary.js';
import { CLI_ACTOR, EXIT, positiveInt } from '../common.js';

interface ImportOptions {
  source?: string;
  sourceType: (typeof SOURCE_TYPES)[number];
  reliability: (typeof RELIABILITY_GRADES)[number];
  rejects?: string;
  batchSize: number;
  json?: boolean;
}

/** `homecoming import <file>`: a canonical CSV or office file into the registry. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import a canonical CSV file (see README: columns, rejects report, exit codes)')
    .argument('<file>', 'CSV file, UTF-8, with a header row')
    .option('--source <name>', 'source name for rows with an empty source cell')
    .addOption(
      new Option('--source-type <type>', 'type of sources this import creates')
        .choices(SOURCE_TYPES)
        .default('import'),
    )
    .addOption(
      new Option('--reliability <grade>', 'reliability grade of sources this import creates')
        .choices(RELIABILITY_GRADES)
        .default('F'),
    )
    .option('--rejects <file>', 'where to write the rejects report (default: <file>.rejects.csv)')
    .option('--batch-size <n>', 'rows per transaction', positiveInt, 2000)
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: ImportOptions) => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { importCsv } = await import('../../modules/imports/csvImport.js');
      const { startProgress } = await import('../progress.js');
      const config = loadConfig();
      const summary = await withDatabase(config, async (database) => {
        const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
        const progress = startProgress('import', size);
        try {
          return await importCsv(database, {
            file,
            defaultSource: o.source,
            sourceType: o.sourceType,
            reliability: o.reliability,
            rejectsPath: o.rejects,
            batchSize: o.batchSize,
            actor: CLI_ACTOR,
            onProgress: (p) => progress.update(p.bytesRead, { rows: p.rows }),
          });
        } finally {
          progress.stop();
        }
      });
      if (o.json) console.log(JSON.stringify(summary));
      else {
        const secs = summary.elapsedMs / 1000;
        console.log(
          [
            `${summary.rows} rows read in ${secs.toFixed(1)} s (${Math.round(summary.rows / Math.max(secs, 0.001))} rows/s)`,
            `  imported:  ${summary.imported} (${summary.linked} linked to known persons, ${summary.possible} queued for review)`,
            `  unchanged: ${summary.unchanged + summary.resumed} (already in the registry)`,
            `  rejected:  ${summary.rejected}${summary.rejectsPath ? ` — see ${summary.rejectsPath}` : ''}`,
          ].join('\n'),
        );
      }
      if (summary.fatal) {
        console.error(
          `error: ${summary.fatal}\nRows before that point were imported; fix the file and run the same command again.`,
        );
        process.exitCode = EXIT.failed;
      } else if (summary.rejected > 0) process.exitCode = EXIT.rejected;
    });
}
