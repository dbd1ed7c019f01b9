import fs from 'node:fs';
import { once } from 'node:events';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase, targetOf, type Database } from '../db/database.js';
import { DataDirLockedError } from '../db/lock.js';
import { migrate } from '../db/migrate.js';
import { AppError } from '../errors.js';
import { buildApp } from '../http/app.js';
import { importCsv } from '../modules/imports/csvImport.js';
import { EXPORT_CSV_COLUMNS, exportRecords, toCsvLine } from '../modules/exports/service.js';
import { RELIABILITY_GRADES, SOURCE_TYPES } from '../modules/registry/vocabulary.js';
import { seedRegistry } from '../seed/seedRegistry.js';
import { reindexNameKeys } from '../modules/search/reindex.js';
import { searchPersonsAs } from '../modules/search/service.js';
import type { TSearchPersonsResponse } from '../modules/search/schemas.js';
import { parse as parseCsv } from 'csv-parse';
import { startProgress } from './progress.js';
import { readPassword } from './password.js';
import { CLI_PRINCIPAL, ROLES, type Role } from '../auth/permissions.js';
import { hashPassword, PASSWORD_LENGTH } from '../auth/secrets.js';
import { firstRunSetupToken, insertUser, endSessions } from '../modules/auth/service.js';
import { ZUsernameSchema } from '../modules/auth/schemas.js';
import { appendAudit } from '../modules/audit/log.js';
import {
  checkInclusionProof,
  proveInclusion,
  verifyAudit,
  writeCheckpoint,
} from '../modules/audit/checkpoint.js';
import { newId } from '../db/ids.js';
import { linkList } from '../modules/linkage/linkList.js';
import { dedupeRegistry } from '../modules/linkage/dedupe.js';
import { trainRegistryModel } from '../modules/linkage/train.js';

// The CLI acts as the operator at this terminal (actor kind `cli` in the audit log).
const CLI_ACTOR = CLI_PRINCIPAL.id;

/** Exit codes: 0 done, 1 done but some input rows were rejected, 2 could not run. */
export const EXIT = { ok: 0, rejected: 1, failed: 2 } as const;

/** Migrates, then rebuilds name keys that are missing or stale (after a change of the key functions). */
async function prepare(database: Database): Promise<void> {
  await migrate(database.pool);
  // The bar appears only when there are keys to build (normally none).
  const shown: { bar?: ReturnType<typeof startProgress> } = {};
  await reindexNameKeys(database, {
    onProgress: (done, total) => {
      shown.bar ??= startProgress('name keys', total);
      shown.bar.update(done, { rows: done });
    },
  });
  shown.bar?.stop();
}

async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(targetOf(config));
  const closeOnSignal = () => {
    // A second Ctrl-C while closing exits at once; PGlite's data is safe after each committed batch.
    process.once('SIGINT', () => process.exit(130));
    void database.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', closeOnSignal);
  process.once('SIGTERM', closeOnSignal);
  try {
    await prepare(database);
    return await fn(database);
  } finally {
    process.off('SIGINT', closeOnSignal);
    process.off('SIGTERM', closeOnSignal);
    await database.close();
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

async function serve(config: Config): Promise<void> {
  const database = await openDatabase(targetOf(config));
  try {
    await prepare(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const app = await buildApp(database, config);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Periodic signed checkpoints of the audit log, outside the database, and a last one on shutdown. The
  // hook is registered before listening: Fastify refuses hooks once it listens.
  const checkpoint = async () => {
    try {
      await writeCheckpoint(database, config.auditDir);
    } catch (err) {
      app.log.error({ err: { message: (err as Error).message } }, 'audit checkpoint failed');
    }
  };
  const timer = setInterval(() => void checkpoint(), config.auditCheckpointSeconds * 1000);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await checkpoint();
  });
  await app.listen({ port: config.port, host: config.host });
  const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server';
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const base = `http://${config.host === '::1' ? '[::1]' : config.host}:${port}`;
  console.error(`Homecoming is running on ${base} (${where})`);
  const setup = await firstRunSetupToken(database);
  if (setup !== null) {
    // The token travels in the fragment, which browsers never send: it reaches no server log.
    console.error(
      `No admin account exists yet. Open this one-time link within 24 hours to create it:\n  ${base}/setup#${setup}`,
    );
  }
}

/** The `homecoming` command line. */
export function buildCli(): Command {
  const program = new Command('homecoming')
    .description(
      'Homecoming: a tracing registry for prisoners of war, detained civilians, missing persons and deported children',
    )
    .showHelpAfterError()
    .configureOutput({ outputError: (s, write) => write(s) });

  program
    .command('serve')
    .description('run the API and web app (PORT, HOST, DATABASE_URL, HOMECOMING_DATA)')
    .action(async () => serve(loadConfig()));

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase(targetOf(config));
      try {
        const applied = await migrate(database.pool);
        console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await database.close();
      }
    });

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
    .action(
      async (
        file: string,
        o: {
          source?: string;
          sourceType: (typeof SOURCE_TYPES)[number];
          reliability: (typeof RELIABILITY_GRADES)[number];
          rejects?: string;
          batchSize: number;
          json?: boolean;
        },
      ) => {
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
      },
    );

  program
    .command('export')
    .description('export every record, one row per record with its person_id and the canonical columns')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--include-withheld', 'include persons withheld under GC IV Art. 137 (left out by default)')
    .action(async (o: { format: 'csv' | 'jsonl'; out?: string; includeWithheld?: boolean }) => {
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        const out: NodeJS.WritableStream = o.out ? fs.createWriteStream(o.out) : process.stdout;
        const write = async (s: string) => {
          if (!out.write(s)) await once(out, 'drain');
        };
        if (o.format === 'csv') await write(toCsvLine(EXPORT_CSV_COLUMNS));
        let n = 0;
        for await (const row of exportRecords(database, { includeWithheld: o.includeWithheld === true })) {
          n++;
          if (o.format === 'csv') await write(toCsvLine(EXPORT_CSV_COLUMNS.map((c) => row[c])));
          else {
            const { record_id: _id, ...rest } = row;
            await write(JSON.stringify(rest) + '\n');
          }
        }
        await appendAudit(database.db, CLI_PRINCIPAL, {
          action: 'export.run',
          objectType: 'record',
          objectId: null,
          detail: { records: n, format: o.format, include_withheld: o.includeWithheld === true },
        });
        if (o.out) {
          await new Promise<void>((resolve) => out.end(resolve));
          console.error(`exported ${n} records to ${o.out}`);
        }
      });
    });

  program
    .command('seed')
    .description('fill the registry with a generated population (never real people)')
    .requiredOption('--persons <n>', 'how many persons', positiveInt)
    .option('--seed <n>', 'random seed (same seed, same people)', positiveInt, 1)
    .option('--source <name>', 'source name of the generated records', 'generated demo data')
    .action(async (o: { persons: number; seed: number; source: string }) => {
      const config = loadConfig();
      const r = await withDatabase(config, async (database) => {
        const progress = startProgress('seed', o.persons);
        try {
          return await seedRegistry(database, {
            persons: o.persons,
            seed: o.seed,
            source: o.source,
            actor: CLI_ACTOR,
            onProgress: (done) => progress.update(done, { rows: done }),
          });
        } finally {
          progress.stop();
        }
      });
      console.log(`seeded ${r.imported} persons (${r.unchanged} already there)`);
    });

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
        const config = loadConfig();
        await withDatabase(config, async (database) => {
          if (o.batch) {
            await searchBatch(database, o.batch, o.limit);
            return;
          }
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

  const user = program.command('user').description('staff accounts');
  user
    .command('create')
    .description('create a user with a password (read from standard input, or prompted)')
    .requiredOption('--username <name>', 'login name: 3-64 letters, digits, dot, dash, underscore')
    .addOption(new Option('--role <role>', 'staff role').choices(ROLES).makeOptionMandatory())
    .option('--organisation <name>', 'organisation (created if missing; default: the built-in Registry)')
    .action(async (o: { username: string; role: Role; organisation?: string }) => {
      const username = ZUsernameSchema.safeParse(o.username);
      if (!username.success)
        throw new AppError('bad_request', `--username: ${username.error.issues[0]?.message}`);
      const password = await readPassword(`password for ${username.data}: `);
      if (password.length < PASSWORD_LENGTH.min || password.length > PASSWORD_LENGTH.max) {
        throw new AppError(
          'bad_request',
          `the password must be ${PASSWORD_LENGTH.min}-${PASSWORD_LENGTH.max} characters`,
        );
      }
      const passwordHash = await hashPassword(password);
      const config = loadConfig();
      const created = await withDatabase(config, (database) =>
        database.db.transaction().execute(async (trx) => {
          let organisationId: string | undefined;
          if (o.organisation !== undefined) {
            const found = await trx
              .selectFrom('organisation')
              .select('id')
              .where('name', '=', o.organisation)
              .executeTakeFirst();
            organisationId = found?.id;
            if (!organisationId) {
              organisationId = newId();
              await trx
                .insertInto('organisation')
                .values({ id: organisationId, name: o.organisation })
                .execute();
              await appendAudit(trx, CLI_PRINCIPAL, {
                action: 'organisation.create',
                objectType: 'organisation',
                objectId: organisationId,
              });
            }
          }
          const u = await insertUser(trx, {
            username: username.data,
            role: o.role,
            organisationId: organisationId ?? '00000000-0000-7000-8000-000000000001',
            passwordHash,
            createdBy: CLI_ACTOR,
          });
          await appendAudit(trx, CLI_PRINCIPAL, {
            action: 'user.create',
            objectType: 'user',
            objectId: u.id,
            detail: { role: u.role },
          });
          return u;
        }),
      );
      console.log(
        `created ${created.role} ${created.username} (${created.id}); the second factor is enrolled at first login`,
      );
    });
  user
    .command('disable')
    .description('disable a user: ends all their sessions and API tokens at once')
    .requiredOption('--username <name>', 'login name')
    .action(async (o: { username: string }) => {
      const config = loadConfig();
      await withDatabase(config, (database) =>
        database.db.transaction().execute(async (trx) => {
          const u = await trx
            .updateTable('app_user')
            .set({ disabled_at: new Date() })
            .where('username', '=', o.username.toLowerCase())
            .returning('id')
            .executeTakeFirst();
          if (!u) throw new AppError('not_found', `no user ${o.username}`);
          await endSessions(trx, u.id);
          await appendAudit(trx, CLI_PRINCIPAL, {
            action: 'user.disable',
            objectType: 'user',
            objectId: u.id,
          });
        }),
      );
      console.log(`disabled ${o.username}`);
    });

  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('checkpoint')
    .description('sign a checkpoint of the audit log now (HOMECOMING_AUDIT_DIR)')
    .action(async () => {
      const config = loadConfig();
      const c = await withDatabase(config, (database) => writeCheckpoint(database, config.auditDir));
      console.log(
        c ? `checkpoint: ${c.size} entries, root ${c.root}` : 'no new entries since the last checkpoint',
      );
    });
  audit
    .command('verify')
    .description('check the whole log against the signed checkpoints; names the first bad entry')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const config = loadConfig();
      const r = await withDatabase(config, (database) => verifyAudit(database, config.auditDir));
      if (o.json) console.log(JSON.stringify(r));
      else if (r.ok)
        console.log(
          `audit log verified: ${r.entries} entries, ${r.checkpointSize} under a signed checkpoint`,
        );
      else console.error(`audit log FAILED verification: ${r.problem}`);
      if (!r.ok) process.exitCode = EXIT.rejected;
    });
  audit
    .command('prove')
    .description('an inclusion proof (RFC 9162) of one entry in the latest signed checkpoint')
    .argument('<seq>', 'the entry number', positiveInt)
    .action(async (seq: number) => {
      const config = loadConfig();
      const proof = proveInclusion(config.auditDir, seq);
      if (!checkInclusionProof(proof)) throw new AppError('internal', 'the proof does not verify');
      console.log(JSON.stringify(proof, null, 2));
    });

  program
    .command('link')
    .description(
      'link a list (canonical CSV columns) to the registry without importing it; one JSON line per row',
    )
    .argument('<file>', 'CSV file, UTF-8, with a header row')
    .option('--json', 'write JSON lines (the only output format; accepted for clarity)')
    .action(async (file: string) => {
      const config = loadConfig();
      const totals = await withDatabase(config, (database) =>
        linkList(database, file, {
          line: async (l) => {
            if (!process.stdout.write(JSON.stringify(l) + '\n')) await once(process.stdout, 'drain');
          },
          problem: (p) =>
            console.error(
              `line ${p.line} (external_id ${p.external_id}): ${p.problems.map((x) => `${x.column}: ${x.reason}`).join('; ')}`,
            ),
        }),
      );
      console.error(
        `linked ${totals.rows} rows: ${totals.matched} match, ${totals.possible} possible, ${totals.none} none, ${totals.rejected} rejected`,
      );
      if (totals.rejected > 0) process.exitCode = EXIT.rejected;
    });

  program
    .command('train')
    .description("train the linkage model on the registry's own records and use it from now on")
    .option('--json', 'print the model as JSON')
    .action(async (o: { json?: boolean }) => {
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

  program
    .command('dedupe')
    .description(
      're-resolve the whole registry under the current model (after a model change); progress on stderr',
    )
    .option('--json', 'print the summary as JSON')
    .action(async (o: { json?: boolean }) => {
      const config = loadConfig();
      const summary = await withDatabase(config, (database) =>
        dedupeRegistry(database, {
          actor: CLI_ACTOR,
          onProgress: (phase, done, total) =>
            process.stderr.write(
              `\rdedupe: ${phase} ${done}${total > 0 && total !== done ? `/${total}` : ''}   `,
            ),
        }),
      );
      process.stderr.write('\n');
      if (o.json) console.log(JSON.stringify(summary));
      else
        console.log(
          [
            `re-resolved ${summary.records} records under ${summary.modelVersion}`,
            `  pairs scored: ${summary.pairsScored}`,
            `  merges:       ${summary.merges} (${summary.refused} refused: conflicting records)`,
            `  for review:   ${summary.proposed}`,
            `  seconds:      load ${summary.seconds.load}, score ${summary.seconds.score}, write ${summary.seconds.write}`,
          ].join('\n'),
        );
    });

  program
    .command('reindex')
    .description('rebuild stale name keys (every command also does this at start)')
    .action(async () => {
      const config = loadConfig();
      await withDatabase(config, async () => undefined);
      console.log('name keys are up to date');
    });

  return program;
}

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

/** Runs the CLI; known errors print one clear line and exit 2, never a stack. */
export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof AppError || err instanceof DataDirLockedError) {
      console.error(`error: ${err.message}`);
    } else {
      console.error(`error: ${(err as Error).message ?? String(err)}`);
      if (process.env['DEBUG']) console.error(err);
    }
    process.exitCode = EXIT.failed;
  }
}

await main();
