import type { Command } from 'commander';

/** `homecoming event add PERSON_ID TYPE`: a dated fact in a person's story, from the command line. */
export function registerEvent(program: Command): void {
  const event = program.command('event').description("events in a person's story");
  event
    .command('add')
    .description("add an event to a person's story (its status is recomputed)")
    .argument('<person_id>', 'the person (uuid)')
    .argument('<type>', 'event type, e.g. captivity_confirmed, returned_in_exchange, death_reported')
    .option('--source <name>', 'the source asserting it, e.g. ICRC')
    .option('--date <date>', 'when it happened: DD.MM.YYYY, YYYY-MM-DD, MM.YYYY or YYYY')
    .option('--note <text>', 'a note')
    .option('--confidence <c>', 'reported, probable or confirmed (default: confirmed for *_confirmed types)')
    .option('--json', 'print the event as JSON')
    .action(
      async (
        personId: string,
        type: string,
        o: { source?: string; date?: string; note?: string; confidence?: string; json?: boolean },
      ) => {
        const { AppError } = await import('../../errors.js');
        const { ZCreateEventRequestSchema } = await import('../../modules/events/schemas.js');
        const { parsePartialDate } = await import('../../modules/registry/dates.js');
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(personId)) {
          throw new AppError('bad_request', `person_id: "${personId}" is not a person id (uuid)`);
        }
        let occurred: string | undefined;
        if (o.date !== undefined) {
          const d = parsePartialDate(o.date);
          if (typeof d === 'string') throw new AppError('validation_failed', `--date: ${d}`);
          occurred = d.text;
        }
        const parsed = ZCreateEventRequestSchema.safeParse({
          type,
          occurred_on: occurred,
          source: o.source,
          note: o.note,
          confidence:
            o.confidence ??
            (type.endsWith('_confirmed') || type === 'remains_identified' ? 'confirmed' : 'reported'),
        });
        if (!parsed.success) {
          const where = (p: PropertyKey[]) => (p[0] === 'type' ? 'TYPE' : `--${String(p[0] ?? 'input')}`);
          throw new AppError(
            'validation_failed',
            parsed.error.issues.map((i) => `${where(i.path)}: ${i.message}`).join('; '),
          );
        }
        const { loadConfig } = await import('../../config.js');
        const { withDatabase } = await import('../database.js');
        const { CLI_PRINCIPAL } = await import('../common.js');
        const { addEvent } = await import('../../modules/events/service.js');
        const e = await withDatabase(loadConfig(), (database) =>
          addEvent(database, CLI_PRINCIPAL, personId.toLowerCase(), parsed.data),
        );
        if (o.json) console.log(JSON.stringify(e));
        else console.log(`event ${e.id}: ${e.type} for person ${e.person_id}`);
      },
    );
}
