import { newId } from '../../db/ids.js';
import type { Database } from '../../db/database.js';
import { AccessDeniedError, AppError, validationFailed } from '../../errors.js';
import type { Principal } from '../../auth/permissions.js';
import { inScope, personScopeOf, requirePerson, writeOrganisationOf } from '../../gate/scope.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import { presentRecord } from '../persons/presenter.js';
import {
  ensureSources,
  insertEvents,
  insertLinks,
  insertRecordRows,
  refreshPersons,
  statusEventOf,
} from './repo.js';
import { selectRecords } from './repo.read.js';
import { authorize } from '../../gate/policy.js';
import type { TCreateRecordRequest, TCreateRecordResponse, TRecord } from './schemas.js';
import { validateRecordFields } from './validate.js';
import { loadModel } from '../linkage/model.js';
import { linkAndWriteRecords } from '../linkage/resolve.js';

/**
 * Creates one record from a form or an API client. Record linkage resolves it to the person it matches
 * or a new person, unless `person_id` names the person by a human decision. An existing (source, external_id) is a conflict: records are never overwritten.
 */
export async function createRecord(
  database: Database,
  principal: Principal,
  body: TCreateRecordRequest,
  audit: AuditContext = {},
): Promise<TCreateRecordResponse> {
  authorize(principal, 'record', 'create');
  const { attributes, person_id: personId, source_type: sourceType, ...fields } = body;
  const checked = validateRecordFields(fields, attributes ?? {});
  if (!checked.ok) {
    throw validationFailed(checked.problems.map((p) => ({ path: p.column, message: p.reason })));
  }
  const content = { ...checked.value, external_id: checked.value.external_id ?? newId() };
  const sourceName = content.source ?? body.source;
  // The organisation the record is written into; its sources and external ids are its own.
  const organisationId = writeOrganisationOf(principal);
  const ctx = { actor: principal.id, organisationId };

  const result = await database.db.transaction().execute(async (trx) => {
    // A record joining a named person: the person is locked first, so it cannot be merged away meanwhile.
    if (personId !== undefined) await requirePerson(trx, principal, personId, { lock: true, unmerged: true });
    const source = (
      await ensureSources(trx, organisationId, [sourceName], { type: sourceType, reliability: 'F' })
    ).get(sourceName);
    if (!source) throw new Error('source was not created');
    const item = { content, source };
    const audited = async (recordId: string, pid: string) => {
      await appendAudit(
        trx,
        principal,
        { action: 'record.create', objectType: 'record', objectId: recordId, detail: { person_id: pid } },
        audit,
      );
      return { recordId, personId: pid };
    };
    if (personId === undefined) {
      // Record linkage decides: the person it matches, or a new person (a possible match is queued).
      const r = await linkAndWriteRecords(trx, await loadModel(trx), [item], { ...ctx, principal });
      const first = r.inserted[0];
      return first ? audited(first.recordId, first.personId) : null;
    }
    const now = new Date();
    const [recordId] = await insertRecordRows(trx, [{ ...item, personId }], ctx, now);
    if (!recordId) return null;
    await insertLinks(
      trx,
      [{ recordId, personId }],
      'human',
      { actor: principal.id, reason: 'entered for this person' },
      now,
    );
    const ev = statusEventOf(item, recordId, personId);
    if (ev) await insertEvents(trx, [ev], principal.id, now);
    await refreshPersons(trx, [personId]);
    return audited(recordId, personId);
  });
  if (result === null) {
    // Only this organisation's own source can hold the colliding record (sources belong to an
    // organisation), so the conflict reveals nothing of another organisation.
    throw new AppError(
      'conflict',
      `source "${sourceName}" already has a record with external_id "${content.external_id}"`,
    );
  }
  const row = await selectRecords(database.db)
    .where('record.id', '=', result.recordId)
    .executeTakeFirstOrThrow();
  return { record: presentRecord(row), person_id: result.personId };
}

/**
 * One record with its provenance, if its person is in the viewer's scope (else: not found, like a
 * missing one, and audited as a denial). The read is audited.
 */
export async function getRecord(
  database: Database,
  viewer: Principal,
  id: string,
  audit: AuditContext = {},
): Promise<TRecord> {
  authorize(viewer, 'record', 'read');
  return database.db.transaction().execute(async (trx) => {
    const row = await selectRecords(trx)
      .innerJoin('person', 'person.id', 'record.person_id')
      .select(['person.organisation_id', 'person.withheld'])
      .where('record.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AccessDeniedError('record', id, 'missing');
    if (!inScope(personScopeOf(viewer), row)) throw new AccessDeniedError('record', id, 'out_of_scope');
    const { organisation_id: _o, withheld: _w, ...record } = row;
    await appendAudit(
      trx,
      viewer,
      { action: 'record.read', objectType: 'record', objectId: id, detail: { person_id: record.person_id } },
      audit,
    );
    return presentRecord(record);
  });
}
