import { CLI_PRINCIPAL } from '../common.js';
import fs from 'node:fs';
import { Option, type Command } from 'commander';

interface ExportCliOptions {
  format: 'csv' | 'xlsx' | 'jsonl' | 'pfif';
  out?: string;
  includeWithheld?: boolean;
  excel?: boolean;
  encoding: 'utf-8' | 'windows-1251' | 'cp1251';
  events?: string;
  domain: string;
}

/** `homecoming export`: every record (PFIF: every person with its status history). */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export every record, one row per record with its person_id, every field and the person’s status (pfif: persons with their status history)',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['csv', 'xlsx', 'jsonl', 'pfif'])
        .default('csv'),
    )
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--include-withheld', 'include persons withheld under GC IV Art. 137 (left out by default)')
    .option('--excel', 'CSV for Excel: BOM, ";", CRLF, dates as dd.mm.yyyy, names also in Latin letters')
    .addOption(
      new Option(
        '--encoding <name>',
        'encoding of a CSV (cp1251 is windows-1251; refuses letters it cannot hold)',
      )
        .choices(['utf-8', 'windows-1251', 'cp1251'])
        .default('utf-8'),
    )
    .option('--events <file>', "also write the exported persons' events to this file, as JSON lines")
    .option('--domain <domain>', 'the registry’s domain, qualifying PFIF record ids', 'homecoming.invalid')
    .action(async (o: ExportCliOptions) => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { writeExport, writeEvents, ClosedOutput } = await import('../../modules/exports/write.js');
      const { appendAudit } = await import('../../modules/audit/log.js');
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        const out = o.out ? fs.createWriteStream(o.out) : process.stdout;
        // Audited before any record leaves (a stream cut short has still been read).
        await appendAudit(database.db, CLI_PRINCIPAL, {
          action: 'export.run',
          objectType: 'export',
          objectId: null,
          detail: {
            format: o.format,
            include_withheld: o.includeWithheld === true,
            ...(o.events ? { events: true } : {}),
          },
        });
        let n = 0;
        let closed = false;
        try {
          n = await writeExport(database, CLI_PRINCIPAL, out, {
            format: o.format,
            excel: o.excel === true,
            encoding: o.encoding === 'cp1251' ? 'windows-1251' : o.encoding,
            includeWithheld: o.includeWithheld === true,
            domain: o.domain,
          });
        } catch (err) {
          // `export | head`: the reader has what it wanted; end quietly.
          if (!(err instanceof ClosedOutput) && (err as NodeJS.ErrnoException).code !== 'EPIPE') {
            // Refused before any row (a letter Windows-1251 cannot hold): leave no empty file behind.
            if (o.out) {
              out.destroy();
              fs.rmSync(o.out, { force: true });
            }
            throw err;
          }
          closed = true;
        }
        if (o.events && !closed) {
          const eventsOut = fs.createWriteStream(o.events);
          await writeEvents(database, CLI_PRINCIPAL, eventsOut, o.includeWithheld === true);
          await new Promise<void>((resolve) => eventsOut.end(resolve));
        }
        if (o.out) {
          await new Promise<void>((resolve) => out.end(resolve));
          console.error(`exported ${n} ${o.format === 'pfif' ? 'persons' : 'records'} to ${o.out}`);
        }
      });
    });
}
