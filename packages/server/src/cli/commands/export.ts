import { CLI_PRINCIPAL } from '../common.js';
import fs from 'node:fs';
import { once } from 'node:events';
import { Option, type Command } from 'commander';

/** `homecoming export`: every record, one row per record with its person. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export every record, one row per record with its person_id and the canonical columns')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--include-withheld', 'include persons withheld under GC IV Art. 137 (left out by default)')
    .action(async (o: { format: 'csv' | 'jsonl'; out?: string; includeWithheld?: boolean }) => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { EXPORT_CSV_COLUMNS, exportRecords, toCsvLine } =
        await import('../../modules/exports/service.js');
      const { appendAudit } = await import('../../modules/audit/log.js');
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        const out: NodeJS.WritableStream = o.out ? fs.createWriteStream(o.out) : process.stdout;
        const write = async (s: string) => {
          if (!out.write(s)) await once(out, 'drain');
        };
        // Audited before any record leaves (a stream cut short has still been read).
        await appendAudit(database.db, CLI_PRINCIPAL, {
          action: 'export.run',
          objectType: 'export',
          objectId: null,
          detail: { format: o.format, include_withheld: o.includeWithheld === true },
        });
        if (o.format === 'csv') await write(toCsvLine(EXPORT_CSV_COLUMNS));
        let n = 0;
        for await (const row of exportRecords(database, CLI_PRINCIPAL, {
          includeWithheld: o.includeWithheld === true,
        })) {
          n++;
          if (o.format === 'csv') await write(toCsvLine(EXPORT_CSV_COLUMNS.map((c) => row[c])));
          else {
            const { record_id: _id, ...rest } = row;
            await write(JSON.stringify(rest) + '\n');
          }
        }
        if (o.out) {
          await new Promise<void>((resolve) => out.end(resolve));
          console.error(`exported ${n} records to ${o.out}`);
        }
      });
    });
}
