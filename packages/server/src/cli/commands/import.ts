import fs from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { delimiterNamed, encodingNamed } from '../../modules/imports/detect.js';
import { RELIABILITY_GRADES, SOURCE_TYPES } from '../../modules/registry/vocabulary.js';
import { CLI_ACTOR, EXIT, positiveInt } from '../common.js';
import type { ImportDetected } from '../../modules/imports/csvImport.js';

interface ImportOptions {
  source?: string;
  sourceType: (typeof SOURCE_TYPES)[number];
  reliability: (typeof RELIABILITY_GRADES)[number];
  rejects?: string;
  batchSize: number;
  json?: boolean;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  map?: string;
  /** `--no-relink` sets it false. */
  relink: boolean;
}

/** `--encoding` as one of the encodings read. */
function encodingOption(value: string): string {
  if (encodingNamed(value) === null)
    throw new InvalidArgumentError('use utf-8, windows-1251 (cp1251), koi8-u, utf-16le or utf-16be');
  return value;
}

/** `--delimiter` as one of the delimiters read. */
function delimiterOption(value: string): string {
  if (delimiterNamed(value) === null) throw new InvalidArgumentError('use "," ";" "tab" or "|"');
  return value;
}

/** `homecoming import <file>`: a canonical CSV or office file into the registry. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'import a list: CSV in any office dialect or .xlsx (see README: columns, detection, rejects report, exit codes)',
    )
    .argument('<file>', 'CSV (UTF-8, cp1251 or KOI8-U; , ; or tab) or .xlsx, with a header row')
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
    .option('--encoding <name>', 'text encoding of a CSV file (default: detected)', encodingOption)
    .option(
      '--delimiter <char>',
      'delimiter of a CSV file: , ; tab or | (default: detected)',
      delimiterOption,
    )
    .option('--sheet <name>', 'sheet of an .xlsx file, by name or number (default: the first)')
    .option('--map <Column=field,...>', 'say which column is which field, overriding the headers')
    .option(
      '--no-relink',
      "don't decide again, at the end, the persons of one record that were possible matches (a large first load takes about half the time; `dedupe` does it later)",
    )
    .action(async (file: string, o: ImportOptions) => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { importCsv } = await import('../../modules/imports/csvImport.js');
      const { startProgress } = await import('../progress.js');
      const { retrainIfGrown } = await import('../../modules/linkage/train.js');
      const config = loadConfig();
      const summary = await withDatabase(config, async (database) => {
        const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
        const progress = startProgress('import', size);
        let result;
        try {
          result = await importCsv(database, {
            file,
            defaultSource: o.source,
            sourceType: o.sourceType,
            reliability: o.reliability,
            rejectsPath: o.rejects,
            batchSize: o.batchSize,
            encoding: o.encoding === undefined ? undefined : (encodingNamed(o.encoding) ?? undefined),
            delimiter: o.delimiter === undefined ? undefined : (delimiterNamed(o.delimiter) ?? undefined),
            sheet: o.sheet,
            map: o.map,
            resolveSingletons: o.relink,
            actor: CLI_ACTOR,
            // The command line's process does nothing else: its peak memory is the import's.
            collectGarbagePerBatch: true,
            onProgress: (p) => progress.update(p.bytesRead, { rows: p.rows }),
          });
        } finally {
          progress.stop();
        }
        const { profiling, phaseTable } = await import('../../phases.js');
        if (profiling())
          console.error(`where the import's time went (HOMECOMING_PROFILE=1):\n${phaseTable()}`);
        // The registry may have outgrown its linkage model: retrain it (versioned) for the next import.
        const retrained = await retrainIfGrown(database, { actor: CLI_ACTOR });
        if (retrained !== null && !o.json)
          console.error(
            `linkage model retrained on ${retrained.trained?.records ?? 0} records: ${retrained.version}`,
          );
        return result;
      });
      if (o.json) console.log(JSON.stringify(summary));
      else {
        const secs = summary.elapsedMs / 1000;
        console.log(
          [
            describeDetected(summary.detected),
            `${summary.rows} rows read in ${secs.toFixed(1)} s (${Math.round(summary.rows / Math.max(secs, 0.001))} rows/s)`,
            `  imported:  ${summary.imported} (${summary.linked} linked to known persons, ${summary.possible} queued for review)`,
            ...(summary.relinked > 0
              ? [
                  `  linked at the end: ${summary.relinked} (a person of one record that matches a person now grown)`,
                ]
              : []),
            `  unchanged: ${summary.unchanged + summary.resumed} (already in the registry)`,
            `  rejected:  ${summary.rejected}${summary.rejectsPath ? ` — see ${summary.rejectsPath}` : ''}`,
            ...(summary.previousRun === null
              ? []
              : [
                  `the same file was imported on ${summary.previousRun.finishedAt.slice(0, 19).replace('T', ' ')} UTC as run ${summary.previousRun.runId}`,
                ]),
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

/** The summary's lines about how the file was read. */
function describeDetected(d: ImportDetected): string {
  const how =
    d.format === 'pfif'
      ? `read as PFIF ${d.pfifVersion ?? ''}${d.pfifNotesApplied ? `; ${d.pfifNotesApplied} note(s) about persons already held applied as status events` : ''}${d.pfifNotesWithoutPerson ? `; ${d.pfifNotesWithoutPerson} note(s) about persons neither in the file nor held were not applied` : ''}`
      : d.format === 'xlsx'
        ? `read as .xlsx, sheet "${d.sheet ?? ''}"`
        : `read as CSV: ${d.encoding ?? ''} (${d.encodingReason ?? ''}), delimiter "${d.delimiter ?? ''}", line ends ${d.lineEnds ?? ''}`;
  const columns = d.columns.map((c) => `  ${c.column} → ${c.field}${c.by === 'header' ? '' : ` (${c.by})`}`);
  return [how, 'columns:', ...columns].join('\n');
}
