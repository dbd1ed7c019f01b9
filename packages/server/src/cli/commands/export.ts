import { CLI_PRINCIPAL } from '../common.js';
import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { cannotWrite } from '../files.js';

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
        // Both files opened before any work: a folder that does not exist, or a file that cannot be
        // written, is said with its name. A write stream opens late, and its error read as a reader that
        // left (ClosedOutput): "exported 20 records to /nonexistent/x.csv", exit 0, nothing written.
        const out = o.out ? openOutput(o.out) : process.stdout;
        let eventsOut: fs.WriteStream | null = null;
        if (o.events) {
          try {
            eventsOut = openOutput(o.events);
          } catch (err) {
            if (o.out) discard(out, o.out);
            throw err;
          }
        }
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
          // `export | head`: the reader has what it wanted; end quietly. A file has no reader that leaves:
          // its failure (a full disk) is the export's.
          const readerLeft =
            !o.out && (err instanceof ClosedOutput || (err as NodeJS.ErrnoException).code === 'EPIPE');
          if (!readerLeft) {
            // Refused before any row (a letter Windows-1251 cannot hold): leave no empty file behind.
            if (o.out) discard(out, o.out);
            if (o.events && eventsOut) discard(eventsOut, o.events);
            throw err instanceof ClosedOutput && o.out
              ? cannotWrite(o.out, (out as { failure?: unknown }).failure)
              : err;
          }
          closed = true;
        }
        if (o.events && eventsOut) {
          if (closed) discard(eventsOut, o.events);
          else {
            await writeEvents(database, CLI_PRINCIPAL, eventsOut, o.includeWithheld === true);
            await endOutput(eventsOut, o.events);
          }
        }
        if (o.out) {
          await endOutput(out as fs.WriteStream, o.out);
          console.error(`exported ${n} ${o.format === 'pfif' ? 'persons' : 'records'} to ${o.out}`);
        }
      });
    });
}

/** A file opened for writing now, so that an unwritable path is refused before any work. */
function openOutput(file: string): fs.WriteStream {
  let fd: number;
  try {
    fd = fs.openSync(file, 'w', 0o600);
  } catch (err) {
    throw cannotWrite(file, err);
  }
  const out = fs.createWriteStream(file, { fd });
  // Kept for `cannotWrite`: the error a later write met.
  out.on('error', (err) => ((out as { failure?: unknown }).failure = err));
  return out;
}

/** Ends a file and waits until it is written; a write that failed is the export's failure. */
async function endOutput(out: fs.WriteStream, file: string): Promise<void> {
  const failure = (out as { failure?: unknown }).failure;
  // A writer that ends the file itself (the .xlsx workbook) leaves it written and closed: done.
  if (failure === undefined && out.writableFinished) return;
  if (failure !== undefined || out.destroyed) {
    discard(out, file);
    throw cannotWrite(file, failure);
  }
  if (!out.writableEnded) out.end();
  try {
    await finished(out);
  } catch (err) {
    discard(out, file);
    throw cannotWrite(file, err);
  }
}

/** Closes a file the export will not finish and removes it: no half file is left to be taken as whole. */
function discard(out: NodeJS.WritableStream | fs.WriteStream, file: string): void {
  (out as fs.WriteStream).destroy();
  fs.rmSync(file, { force: true });
}
