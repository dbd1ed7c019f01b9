import fs from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import type { Database } from '../../db/database.js';
import type { TSearchPersonsResponse } from '../../modules/search/schemas.js';
import { positiveInt, CLI_PRINCIPAL } from '../common.js';

function printHits(r: TSearchPersonsResponse): void {
  if (r.hits.length === 0) {
    console.log('no match');
    return;
  }
  for (const h of r.hits) {
    const p = h.person;
    const name = [p.family_name, p.given_name, p.patronymic].filter(Boolean).join(' ');
    console.log(
      `${h.confident ? '*' : ' '} ${h.score.toFixed(1).padStart(5)}  ${name}  ${p.birth_date ?? '—'}  ${p.category}/${p.status}  ${h.person_id}`,
    );
    console.log(
      `         matched ${h.why.record_id} (${h.why.source}): family ${h.why.family}, given ${h.why.given}, father ${h.why.father}, birth ${h.why.birth}`,
    );
  }
}

/** Runs every query of a CSV (query_id,q,birth) and writes one JSON line per query to standard output. */
async function searchBatch(database: Database, file: string, limit: number): Promise<void> {
  if (!fs.existsSync(file)) throw new AppError('bad_request', `cannot read ${file}: no such file`);
  const { parse: parseCsv } = await import('csv-parse');
  const { searchPersonsAs } = await import('../../modules/search/service.js');
  const parser = fs
    .createReadStream(file)
    .pipe(parseCsv({ columns: true, bom: true, skip_empty_lines: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    const queryId = record['query_id'] ?? String(info.lines);
    let line: object;
    try {
      const r = await searchPersonsAs(database, CLI_PRINCIPAL, {
        q: record['q'] ?? '',
        birth: record['birth'] || undefined,
        limit,
      });
      line = {
        query_id: queryId,
        hits: r.hits.map((h) => ({
          person_id: h.person_id,
          score: h.score,
          confident: h.confident,
          record_ids: h.record_ids,
        })),
      };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      line = { query_id: queryId, error: { code: err.code, message: err.message }, hits: [] };
    }
    if (!process.stdout.write(JSON.stringify(line) + '\n')) await once(process.stdout, 'drain');
  }
}

/** `homecoming search`: one query, or a batch file of them. */
export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('find persons by a name in any script, order or spelling (one query, or a batch file)')
    .argument('[query]', 'the name, e.g. "Шевченко Олександр" or "SHEVCHENKO O. P."')
    .option('--birth <date>', 'birth date or year: DD.MM.YYYY, DD.MM.YY, MM.YYYY, YYYY or ISO')
    .option('--limit <n>', 'how many hits', positiveInt, 10)
    .option('--batch <file>', 'CSV with columns query_id,q,birth; writes one JSON line per query')
    .option('--json', 'print JSON')
    .action(
      async (
        query: string | undefined,
        o: { birth?: string; limit: number; batch?: string; json?: boolean },
      ) => {
        if (!o.batch && !query) throw new AppError('bad_request', 'give a query, or --batch FILE');
        const { loadConfig } = await import('../../config.js');
        const { withDatabase } = await import('../database.js');
        const config = loadConfig();
        await withDatabase(config, async (database) => {
          if (o.batch) {
            await searchBatch(database, o.batch, o.limit);
            return;
          }
          const { searchPersonsAs } = await import('../../modules/search/service.js');
          const r = await searchPersonsAs(database, CLI_PRINCIPAL, {
            q: query ?? '',
            birth: o.birth,
            limit: o.limit,
          });
          if (o.json) console.log(JSON.stringify(r));
          else printHits(r);
        });
      },
    );
}
