import { InvalidArgumentError, type Command } from 'commander';
import { cannotWrite, checkWritable } from '../files.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A line of reconcile's or handover's answer: one per row of the file, or per list entry. */
interface OutcomeLine {
  outcome: string;
  external_id?: string | null;
  entry_external_id?: string | null;
  problem?: string;
}

/**
 * Prints reconcile's or handover's lines (one JSON line each, or the summary), names the first rows with a
 * problem on stderr, and exits "rejected" when any has one.
 */
function printOutcomes(
  lines: readonly OutcomeLine[],
  json: boolean | undefined,
  summary: (count: (outcome: string) => number) => string,
  rejectedExit: number,
): void {
  if (json) for (const l of lines) console.log(JSON.stringify(l));
  else console.log(summary((x) => lines.filter((l) => l.outcome === x).length));
  const problems = lines.filter((l) => l.problem !== undefined);
  for (const p of problems.slice(0, 20))
    console.error(`row ${p.external_id ?? p.entry_external_id}: ${p.problem}`);
  if (problems.length > 0) process.exitCode = rejectedExit;
}

function side(value: string): 'ours' | 'theirs' {
  if (value !== 'ours' && value !== 'theirs') throw new InvalidArgumentError('must be ours or theirs');
  return value;
}

/**
 * `homecoming exchange create|list|reconcile`: exchanges from the command line (issue #13). The JSON
 * shapes are contracts that scripts drive: keep them.
 */
export function registerExchange(program: Command): void {
  const exchange = program
    .command('exchange')
    .description('exchanges: create one, add a version of a list, reconcile who crossed');

  exchange
    .command('create')
    .description('create an exchange')
    .requiredOption('--name <name>', 'its name, e.g. "Exchange of 2025-05-23 (Istanbul)"')
    .option('--date <date>', 'the day it is held (DD.MM.YYYY or YYYY-MM-DD)')
    .option(
      '--formula <formula>',
      'n_for_n, all_for_all, wounded_sick_repatriation, unilateral_release, bodies',
    )
    .option('--mediator <name...>', 'the mediator(s)')
    .option('--json', 'print JSON: {"id": …}')
    .action(
      async (o: { name: string; date?: string; formula?: string; mediator?: string[]; json?: boolean }) => {
        const { AppError } = await import('../../errors.js');
        const { FORMULAS } = await import('../../modules/exchanges/repo.js');
        let heldOn: string | null = null;
        if (o.date !== undefined) {
          const { birthYearRange, parsePartialDate } = await import('../../modules/registry/dates.js');
          const d = parsePartialDate(o.date);
          if (typeof d === 'string' || d.day === null)
            throw new AppError(
              'bad_request',
              `--date: "${o.date}" is not a full date (DD.MM.YYYY or YYYY-MM-DD)${typeof d === 'string' && birthYearRange(o.date) !== null ? `: ${d}` : ''}`,
            );
          heldOn = d.text;
        }
        if (o.formula !== undefined && !(FORMULAS as readonly string[]).includes(o.formula))
          throw new AppError('bad_request', `--formula: use one of ${FORMULAS.join(', ')}`);
        const { loadConfig } = await import('../../config.js');
        const { withDatabase } = await import('../database.js');
        const { CLI_PRINCIPAL } = await import('../common.js');
        const { createExchange } = await import('../../modules/exchanges/service.js');
        const x = await withDatabase(loadConfig(), (database) =>
          createExchange(database, CLI_PRINCIPAL, {
            name: o.name,
            held_on: heldOn,
            formula: o.formula as (typeof FORMULAS)[number] | undefined,
            mediators: o.mediator,
          }),
        );
        if (o.json) console.log(JSON.stringify({ id: x.id }));
        else console.log(`exchange ${x.id} created: ${x.name}`);
      },
    );

  exchange
    .command('list')
    .description(
      "add a new version of one side's list (CSV or .xlsx); each entry is linked by the linkage engine",
    )
    .argument('<exchange_id>', 'the exchange (uuid)')
    .argument(
      '<file>',
      'the list: CSV in any encoding or .xlsx, Ukrainian/Russian/English headers, external_id required',
    )
    .requiredOption(
      '--side <side>',
      'ours (to come home, linked to the registry) or theirs (to hand over, linked to the held prisoners)',
      side,
    )
    .option('--json', 'print one JSON line per row: {external_id, decision, person_id, score}')
    .action(async (exchangeId: string, file: string, o: { side: 'ours' | 'theirs'; json?: boolean }) => {
      const { AppError } = await import('../../errors.js');
      if (!UUID.test(exchangeId))
        throw new AppError('bad_request', `exchange_id: "${exchangeId}" is not an exchange id (uuid)`);
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { CLI_PRINCIPAL } = await import('../common.js');
      const { addListVersion } = await import('../../modules/exchanges/service.js');
      const r = await withDatabase(loadConfig(), (database) =>
        addListVersion(database, CLI_PRINCIPAL, exchangeId.toLowerCase(), o.side, file),
      );
      const again = r.lines.filter((l) => l.already_returned_in !== undefined).length;
      if (o.json) {
        for (const l of r.lines) console.log(JSON.stringify(l));
      } else {
        const n = (d: string) => r.lines.filter((l) => l.decision === d).length;
        console.log(
          `version ${r.version} of ${o.side === 'ours' ? 'our' : 'their'} side: ${r.lines.length} entries; ${n('match')} matched, ${n('possible')} to review, ${n('none')} not found`,
        );
      }
      if (again > 0)
        console.error(
          `warning: ${again} entr${again > 1 ? 'ies are' : 'y is'} linked to a person already returned in an earlier exchange (already_returned_in); check them`,
        );
    });

  exchange
    .command('reconcile')
    .description(
      'reconcile who actually crossed (CSV or .xlsx) with the agreed list and the registry; idempotent',
    )
    .argument('<exchange_id>', 'the exchange (uuid)')
    .argument('<file>', 'who crossed: CSV in any encoding or .xlsx')
    .option(
      '--json',
      'print one JSON line per row {external_id, outcome, person_id, entry_external_id} and per entry that did not cross {entry_external_id, outcome: "not_returned", person_id}',
    )
    .action(async (exchangeId: string, file: string, o: { json?: boolean }) => {
      const { AppError } = await import('../../errors.js');
      if (!UUID.test(exchangeId))
        throw new AppError('bad_request', `exchange_id: "${exchangeId}" is not an exchange id (uuid)`);
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { CLI_PRINCIPAL, EXIT } = await import('../common.js');
      const { reconcileExchange } = await import('../../modules/exchanges/service.js');
      const r = await withDatabase(loadConfig(), (database) =>
        reconcileExchange(database, CLI_PRINCIPAL, exchangeId.toLowerCase(), file),
      );
      printOutcomes(
        r.lines,
        o.json,
        (n) =>
          `${r.repeated ? 'already reconciled with this file; nothing changed. ' : ''}returned ${n('returned')}, returned_unlisted ${n('returned_unlisted')}, returned_unknown ${n('returned_unknown')}, not_returned ${n('not_returned')}`,
        EXIT.rejected,
      );
    });

  exchange
    .command('handover')
    .description(
      "record whom of their side we handed over (released): from the other side's list of who crossed (CSV or .xlsx), or with no file every entry of their list agreed on the board; the register of enemy prisoners held says so",
    )
    .argument('<exchange_id>', 'the exchange (uuid)')
    .argument('[file]', 'who of theirs crossed: CSV in any encoding or .xlsx (placed on their latest list)')
    .option(
      '--json',
      'print one JSON line per row {external_id, outcome: "handed_over"|"not_on_list", pow_id, entry_external_id} and per entry not handed over {entry_external_id, outcome: "not_handed_over", pow_id}',
    )
    .action(async (exchangeId: string, file: string | undefined, o: { json?: boolean }) => {
      const { AppError } = await import('../../errors.js');
      if (!UUID.test(exchangeId))
        throw new AppError('bad_request', `exchange_id: "${exchangeId}" is not an exchange id (uuid)`);
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { CLI_PRINCIPAL, EXIT } = await import('../common.js');
      const { handOver } = await import('../../modules/exchanges/handover.js');
      const r = await withDatabase(loadConfig(), (database) =>
        handOver(database, CLI_PRINCIPAL, exchangeId.toLowerCase(), file ?? null),
      );
      printOutcomes(
        r.lines,
        o.json,
        (n) =>
          `handed over ${n('handed_over')} (${r.handed_over} newly), not on their list ${n('not_on_list')}, not handed over ${n('not_handed_over')}`,
        EXIT.rejected,
      );
    });

  exchange
    .command('register')
    .description(
      'add prisoners of the other side we hold to the register (GC III Art. 122), from CSV or .xlsx; idempotent',
    )
    .argument(
      '<file>',
      'external_id, names, birth_date, military_rank, service_number, unit and the Art. 122(4) columns',
    )
    .option('--json', 'print JSON: {rows, added, unchanged}')
    .action(async (file: string, o: { json?: boolean }) => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { CLI_PRINCIPAL } = await import('../common.js');
      const { importEnemyPows } = await import('../../modules/exchanges/service.js');
      const r = await withDatabase(loadConfig(), (database) =>
        importEnemyPows(database, CLI_PRINCIPAL, file),
      );
      if (o.json) console.log(JSON.stringify(r));
      else console.log(`register: ${r.rows} rows, ${r.added} added, ${r.unchanged} already registered`);
    });

  exchange
    .command('register-export')
    .description(
      'the register of enemy prisoners held for the ICRC (GC III Art. 122-123): the Art. 122(4) fields, names in Cyrillic and Latin (ICAO); audited',
    )
    .option('--format <format>', 'csv or xlsx', 'csv')
    .requiredOption('--out <file>', 'where to write it')
    .action(async (o: { format: string; out: string }) => {
      const { AppError } = await import('../../errors.js');
      if (o.format !== 'csv' && o.format !== 'xlsx')
        throw new AppError('bad_request', `--format: "${o.format.slice(0, 20)}" is not csv or xlsx`);
      const fs = await import('node:fs');
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { CLI_PRINCIPAL } = await import('../common.js');
      const { exportRegister } = await import('../../modules/exchanges/registerExport.js');
      const format = o.format;
      checkWritable(o.out);
      const r = await withDatabase(loadConfig(), (database) =>
        exportRegister(database, CLI_PRINCIPAL, format),
      );
      try {
        fs.writeFileSync(o.out, r.body);
      } catch (err) {
        throw cannotWrite(o.out, err);
      }
      console.log(`register: ${r.rows} prisoners written to ${o.out}`);
    });
}
