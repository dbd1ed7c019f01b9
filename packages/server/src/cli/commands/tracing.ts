import type { Command } from 'commander';

/** `homecoming tracing show|verify|link`: tracing requests from the command line (the whole registry). */
export function registerTracing(program: Command): void {
  const tracing = program
    .command('tracing')
    .description('tracing requests: show, verify kinship, link to a person');

  tracing
    .command('show')
    .description('a case: state, linked person, ranked candidates')
    .argument('<case>', 'case number, e.g. HC-7K4M-92QX')
    .option('--json', 'print JSON: {case_number, state, person_id, candidates: [{person_id, score}]}')
    .action(async (caseNumber: string, o: { json?: boolean }) => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { CLI_PRINCIPAL } = await import('../common.js');
      const { showCase } = await import('../../modules/tracing/service.js');
      const c = await withDatabase(loadConfig(), (database) => showCase(database, CLI_PRINCIPAL, caseNumber));
      if (o.json) {
        console.log(JSON.stringify(c));
        return;
      }
      console.log(
        `${c.case_number}  ${c.state}  kinship ${c.kinship_verified ? 'verified' : 'not verified'}`,
      );
      console.log(
        `person: ${c.person_id ?? '—'}  disclosed: ${c.disclosed_status}${c.call_required ? '  CALL REQUIRED' : ''}`,
      );
      for (const [i, x] of c.candidates.entries())
        console.log(`  ${i + 1}. ${x.person_id}  ${x.score.toFixed(2)}`);
    });

  tracing
    .command('verify')
    .description("record that the requester's kinship has been verified")
    .argument('<case>', 'case number')
    .action(async (caseNumber: string) => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { CLI_PRINCIPAL } = await import('../common.js');
      const { requestIdOfCase, verifyKinship } = await import('../../modules/tracing/service.js');
      const r = await withDatabase(loadConfig(), async (database) =>
        verifyKinship(database, CLI_PRINCIPAL, await requestIdOfCase(database, caseNumber)),
      );
      console.log(`${caseNumber}: kinship verified; state ${r.state}`);
    });

  tracing
    .command('link')
    .description("link a case to a person; its description joins the person's file as a family report")
    .argument('<case>', 'case number')
    .argument('<person_id>', 'the person (uuid)')
    .action(async (caseNumber: string, personId: string) => {
      const { AppError } = await import('../../errors.js');
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(personId)) {
        throw new AppError('bad_request', `person_id: "${personId}" is not a person id (uuid)`);
      }
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { CLI_PRINCIPAL } = await import('../common.js');
      const { linkRequest, requestIdOfCase } = await import('../../modules/tracing/service.js');
      const r = await withDatabase(loadConfig(), async (database) =>
        linkRequest(
          database,
          CLI_PRINCIPAL,
          await requestIdOfCase(database, caseNumber),
          personId.toLowerCase(),
        ),
      );
      console.log(`${caseNumber}: linked to ${r.person_id} (record ${r.record_id}); state ${r.state}`);
    });
}
