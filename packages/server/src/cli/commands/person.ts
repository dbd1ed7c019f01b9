import type { Command } from 'commander';

/** `homecoming person show PERSON_ID`: a person's file (best view with status, records, events, tracing requests). */
export function registerPerson(program: Command): void {
  const person = program.command('person').description('persons');
  person
    .command('show')
    .description("a person's file: best view with status, records with external_id, events, tracing requests")
    .argument('<person_id>', 'the person (uuid)')
    .option('--json', 'print JSON')
    .action(async (personId: string, o: { json?: boolean }) => {
      const { AppError } = await import('../../errors.js');
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(personId)) {
        throw new AppError('bad_request', `person_id: "${personId}" is not a person id (uuid)`);
      }
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { CLI_PRINCIPAL } = await import('../common.js');
      const { getPersonDetail } = await import('../../modules/persons/service.js');
      const { personRequests } = await import('../../modules/tracing/service.js');
      const file = await withDatabase(loadConfig(), async (database) => {
        const detail = await getPersonDetail(database, CLI_PRINCIPAL, personId.toLowerCase());
        const requests = await personRequests(database, CLI_PRINCIPAL, detail.id);
        return { ...detail, tracing_requests: requests.items };
      });
      if (o.json) {
        console.log(JSON.stringify(file));
        return;
      }
      const name = [file.family_name, file.given_name, file.patronymic].filter(Boolean).join(' ');
      console.log(`${file.id}  ${name}  ${file.birth_date ?? '—'}  ${file.category}/${file.status}`);
      console.log(`records (${file.records.length}):`);
      for (const r of file.records) console.log(`  ${r.source.name}  ${r.external_id}`);
      console.log(`events (${file.events.length}):`);
      for (const e of file.events) console.log(`  ${e.occurred_on ?? '—'}  ${e.type}  ${e.source ?? ''}`);
      if (file.tracing_requests.length > 0) {
        console.log(
          `tracing requests: ${file.tracing_requests.map((r) => `${r.case_number} (${r.state})`).join(', ')}`,
        );
      }
    });
}
