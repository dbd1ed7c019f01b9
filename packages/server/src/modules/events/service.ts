import { newId } from '../../db/ids.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Principal } from '../../auth/permissions.js';
import { requirePerson } from '../../gate/scope.js';
import { authorize } from '../../gate/policy.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import { presentEvent } from '../persons/presenter.js';
import { ensureSources, insertEvents, refreshPersons } from '../records/repo.js';
import { selectEvents } from '../records/repo.read.js';
import { parsePartialDate } from '../records/validate.js';
import type { TCreateEventRequest, TEvent } from './schemas.js';
import { timed } from '../../phases.js';

/**
 * Adds a dated fact to a person's story: a command — the person locked (so it cannot be merged away
 * meanwhile), the event written, the best view refreshed, the audit entry appended, in one transaction.
 */
export async function addEvent(
  database: Database,
  principal: Principal,
  personId: string,
  body: TCreateEventRequest,
  audit: AuditContext = {},
): Promise<TEvent> {
  authorize(principal, 'event', 'create');
  if (body.occurred_on !== undefined) {
    const d = parsePartialDate(body.occurred_on, new Date(), 1939);
    if (typeof d === 'string') {
      throw new AppError('validation_failed', `occurred_on: ${d}`, [{ path: 'occurred_on', message: d }]);
    }
  }
  const id = newId();
  const row = await database.db.transaction().execute(async (trx) => {
    const person = await requirePerson(trx, principal, personId, { lock: true, unmerged: true });
    const source = body.source
      ? (
          await ensureSources(trx, person.organisation_id, [body.source], { type: 'other', reliability: 'F' })
        ).get(body.source)
      : undefined;
    await insertEvents(
      trx,
      [
        {
          id,
          personId,
          recordId: null,
          type: body.type,
          occurredOn: body.occurred_on ?? null,
          sourceId: source?.id ?? null,
          confidence: body.confidence,
          note: body.note ?? null,
        },
      ],
      principal.id,
      new Date(),
    );
    await timed('add event: refresh best view', () => refreshPersons(trx, [personId]));
    // The answer is read here, on the transaction's connection and before the audit entry takes the
    // audit head's lock: read after the commit, it cost a second turn in the connection pool's queue.
    const written = await selectEvents(trx).where('event.id', '=', id).executeTakeFirstOrThrow();
    await appendAudit(
      trx,
      principal,
      {
        action: 'event.create',
        objectType: 'event',
        objectId: id,
        detail: { person_id: personId, type: body.type },
      },
      audit,
    );
    return written;
  });
  return presentEvent(row, principal);
}
