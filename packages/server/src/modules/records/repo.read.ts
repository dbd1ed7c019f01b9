import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** A record joined with its source. */
export function selectRecords(db: Kysely<DB>) {
  return db
    .selectFrom('record')
    .innerJoin('source', 'source.id', 'record.source_id')
    .select([
      'record.id',
      'record.person_id',
      'record.external_id',
      'source.id as source_id',
      'source.name as source_name',
      'source.type as source_type',
      'record.category',
      'record.family_name',
      'record.given_name',
      'record.patronymic',
      'record.sex',
      'record.birth_date',
      'record.place_of_birth',
      'record.status',
      'record.unit',
      'record.service_number',
      'record.military_rank',
      'record.marks',
      'record.attributes',
      'record.source_ref',
      'record.source_date',
      'record.reliability',
      'record.entered_by',
      'record.created_at',
    ]);
}

export type RecordRow = Awaited<ReturnType<ReturnType<typeof selectRecords>['execute']>>[number];

/** A person's events, with their sources' names, oldest first. */
export function selectEvents(db: Kysely<DB>) {
  return db
    .selectFrom('event')
    .leftJoin('source', 'source.id', 'event.source_id')
    .select([
      'event.id',
      'event.person_id',
      'event.record_id',
      'event.type',
      'event.occurred_on',
      'source.name as source_name',
      'event.confidence',
      'event.note',
      'event.entered_by',
      'event.created_at',
    ]);
}

export type EventRow = Awaited<ReturnType<ReturnType<typeof selectEvents>['execute']>>[number];
