import type { Principal } from '../../auth/permissions.js';
import { inScope, personScopeOf, requirePerson } from '../../gate/scope.js';
import { authorize, policyAllows } from '../../gate/policy.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { readerFor, type Database } from '../../db/database.js';
import { AccessDeniedError } from '../../errors.js';
import { appendAudit, appendReadAudit, type AuditContext } from '../audit/log.js';
import { presentEvent, presentPersonSummary, presentRecord } from './presenter.js';
import { findPersonFile, listPersons } from './repo.js';
import { runPersonsRefreshedHooks } from '../records/repo.js';
import { timed } from '../../phases.js';
import type { TListPersonsQuery, TListPersonsResponse, TPersonDetail } from './schemas.js';

/** A page of the persons the viewer may see, filtered by category and status. */
export async function listPersonsPage(
  database: Database,
  viewer: Principal,
  q: TListPersonsQuery,
  audit: AuditContext = {},
): Promise<TListPersonsResponse> {
  authorize(viewer, 'person', 'list');
  // Read on a replica when there is one (DATABASE_READ_URL); the audit entry goes to the primary.
  const reader = await readerFor(database, viewer.id);
  const rows = await listPersons(reader, { ...q, limit: q.limit + 1 }, personScopeOf(viewer));
  const page = rows.slice(0, q.limit);
  // A list shows persons' names: audited, by the number of persons shown (the ids are in the page).
  await appendAudit(
    database.db,
    viewer,
    { action: 'person.list', objectType: 'person', objectId: null, detail: { persons: page.length } },
    audit,
  );
  return {
    items: page.map((p) => presentPersonSummary(p)),
    next: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/**
 * One person's file; a merged person answers with the person it was merged into. The read's audit entry
 * commits before the file is returned (grouped with concurrent reads' entries: AuditGroup); a person out
 * of the viewer's scope answers 404 exactly like a missing one (and the refusal is audited).
 */
export async function getPersonDetail(
  database: Database,
  viewer: Principal,
  id: string,
  audit: AuditContext = {},
): Promise<TPersonDetail> {
  authorize(viewer, 'person', 'read');
  // The person, their records and their events in one statement (one round trip, one connection);
  // a merged person's survivor is read the same way.
  const read = async (db: Kysely<DB>) => {
    let file = await findPersonFile(db, id);
    for (let hops = 0; file?.person.merged_into && hops < 10; hops++)
      file = await findPersonFile(db, file.person.merged_into);
    if (!file) throw new AccessDeniedError('person', id, 'missing');
    if (!inScope(personScopeOf(viewer), file.person))
      throw new AccessDeniedError('person', id, 'out_of_scope');
    return { found: file.person, records: file.records, events: file.events };
  };
  const reader = await readerFor(database, viewer.id);
  const present = ({ found, records, events }: Awaited<ReturnType<typeof read>>): TPersonDetail => {
    const presentedEvents = events.map((e) => presentEvent(e, viewer));
    return {
      ...presentPersonSummary(found),
      status_event: presentedEvents.find((e) => e.id === found.status_event_id) ?? null,
      records: records.map(presentRecord),
      events: presentedEvents,
    };
  };
  // On a replica (DATABASE_READ_URL): in a repeatable-read transaction there (a merged person's survivor
  // in the same snapshot). On the primary: the one statement alone. The
  // audit entry goes to the primary and commits before the file is returned, grouped with concurrent
  // reads' entries (AuditGroup).
  const file =
    reader !== database.db
      ? await reader.transaction().setIsolationLevel('repeatable read').execute(read)
      : await timed('person file: reads (SQL)', () => read(database.db));
  await timed('person file: audit', () =>
    appendReadAudit(
      database.db,
      viewer,
      { action: 'person.read', objectType: 'person', objectId: file.found.id },
      audit,
    ),
  );
  return present(file);
}

/**
 * Sets or clears a person's withhold flag (GC IV Art. 137): a command — the person row locked, the flag
 * set, the audit entry appended, in one transaction. Only someone who could see a withheld person may
 * withhold one (so they can also undo it).
 */
export async function setWithheld(
  database: Database,
  actor: Principal,
  id: string,
  withheld: boolean,
  audit: AuditContext = {},
): Promise<{ id: string; withheld: boolean }> {
  authorize(actor, 'person', 'change');
  return database.db.transaction().execute(async (trx) => {
    const person = await requirePerson(trx, actor, id, { lock: true, unmerged: true });
    if (!policyAllows(actor, 'person', 'change', { kind: 'person', ...person }))
      throw new AccessDeniedError('person', id, 'out_of_scope');
    await trx.updateTable('person').set({ withheld, updated_at: new Date() }).where('id', '=', id).execute();
    // What the relatives following this person may see changes with the flag: the remembered disclosure
    // follows it (news is mailed when a release makes a status visible that changed while withheld).
    await runPersonsRefreshedHooks(trx, [id]);
    await appendAudit(
      trx,
      actor,
      { action: 'person.withhold', objectType: 'person', objectId: id, detail: { withheld } },
      audit,
    );
    return { id, withheld };
  });
}
