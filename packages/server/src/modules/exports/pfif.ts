/**
 * PFIF 1.4 (People Finder Interchange Format, http://zesty.ca/pfif/1.4, shared/reference/domain.md 1.2):
 * persons as `<pfif:person>` (fields in the standard's order; person_record_id, source_date and full_name
 * always present), their status history as `<pfif:note>`s whose status is one of PFIF's five values. Record
 * ids are qualified by the registry's domain (`domain/person.<id>`). Streamed page by page.
 */
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { personVisible, scopeIsEverything } from '../../gate/scope.js';
import { exportScope } from './service.js';
import { EVENT_TYPES, type Status } from '../registry/vocabulary.js';

export const PFIF_NS = 'http://zesty.ca/pfif/1.4';

/** PFIF's five note status values. */
export const PFIF_NOTE_STATUSES = [
  'information_sought',
  'is_note_author',
  'believed_alive',
  'believed_missing',
  'believed_dead',
] as const;
export type PfifNoteStatus = (typeof PFIF_NOTE_STATUSES)[number];

/** The PFIF status of a rung of the registry's ladder. */
export function pfifStatusOf(status: Status): PfifNoteStatus {
  switch (status) {
    case 'death_reported':
    case 'death_confirmed':
      return 'believed_dead';
    case 'captivity_reported':
    case 'captivity_confirmed':
    case 'returned':
    case 'deported':
    case 'located':
      return 'believed_alive';
    default:
      return 'believed_missing';
  }
}

/** Text escaped for XML character data; characters XML 1.0 cannot carry are dropped. */
export function xmlText(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
  );
}

/** A PFIF timestamp: UTC, to the second, `YYYY-MM-DDTHH:MM:SSZ`. */
function pfifTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A partial date as the UTC timestamp PFIF's source_date needs (its first moment). */
function partialToTime(iso: string): string {
  const [y, m = '01', d = '01'] = iso.split('-');
  return `${y}-${m}-${d}T00:00:00Z`;
}

function field(name: string, value: string | null | undefined, indent: string): string {
  return value === null || value === undefined || value === ''
    ? ''
    : `${indent}<pfif:${name}>${xmlText(value)}</pfif:${name}>\n`;
}

/** The text of a note carrying an event: its type, its date as precise as known, and its note. */
export function noteText(type: string, occurredOn: string | null, note: string | null): string {
  return `${type}${occurredOn ? ` (${occurredOn})` : ''}${note ? `: ${note}` : ''}`;
}

/** Writes the registry's persons as one PFIF 1.4 document; returns how many persons. */
export async function writePfif(
  database: Database,
  write: (s: string) => Promise<void>,
  principal: Principal,
  opts: { domain: string; includeWithheld: boolean; pageSize?: number },
): Promise<number> {
  const scope = exportScope(principal, opts.includeWithheld);
  const pageSize = opts.pageSize ?? 2000;
  const db = database.db;
  const statusTypes = Object.entries(EVENT_TYPES)
    .filter(([, v]) => v.status !== null)
    .map(([k]) => k);
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="${PFIF_NS}">\n`);
  let n = 0;
  let after: string | null = null;
  for (;;) {
    let q = db
      .selectFrom('person')
      .select([
        'id',
        'family_name',
        'given_name',
        'patronymic',
        'sex',
        'birth_date',
        'created_at',
        'updated_at',
      ])
      .where('merged_into', 'is', null)
      .orderBy('id')
      .limit(pageSize);
    if (!scopeIsEverything(scope)) q = q.where(personVisible(scope, 'person'));
    if (after !== null) q = q.where('id', '>', after);
    const persons = await q.execute();
    if (persons.length === 0) break;
    const events = await db
      .selectFrom('event')
      .leftJoin('source', 'source.id', 'event.source_id')
      .select([
        'event.id',
        'event.person_id',
        'event.type',
        'event.occurred_on',
        'event.note',
        'event.created_at',
        'source.name as source_name',
      ])
      .where(
        'event.person_id',
        'in',
        persons.map((p) => p.id),
      )
      .where('event.type', 'in', statusTypes as never[])
      .orderBy('event.person_id')
      .orderBy('event.created_at')
      .orderBy('event.id')
      .execute();
    const byPerson = new Map<string, typeof events>();
    for (const e of events) {
      const list = byPerson.get(e.person_id) ?? [];
      list.push(e);
      byPerson.set(e.person_id, list);
    }
    let chunk = '';
    for (const p of persons) {
      const id = `${opts.domain}/person.${p.id}`;
      const fullName = [p.family_name, p.given_name, p.patronymic].filter((x) => x !== null).join(' ');
      chunk += '  <pfif:person>\n';
      chunk += field('person_record_id', id, '    ');
      chunk += field('entry_date', pfifTime(new Date(p.updated_at)), '    ');
      chunk += field('source_name', opts.domain, '    ');
      chunk += field('source_date', pfifTime(new Date(p.updated_at)), '    ');
      chunk += `    <pfif:full_name>${xmlText(fullName)}</pfif:full_name>\n`;
      chunk += field('given_name', p.given_name, '    ');
      chunk += field('family_name', p.family_name, '    ');
      chunk += field('sex', p.sex, '    ');
      chunk += field('date_of_birth', p.birth_date, '    ');
      for (const e of byPerson.get(p.id) ?? []) {
        const status = EVENT_TYPES[e.type as keyof typeof EVENT_TYPES].status as Status;
        chunk += '    <pfif:note>\n';
        chunk += field('note_record_id', `${opts.domain}/event.${e.id}`, '      ');
        chunk += field('person_record_id', id, '      ');
        chunk += field('entry_date', pfifTime(new Date(e.created_at)), '      ');
        chunk += field('author_name', e.source_name ?? opts.domain, '      ');
        chunk += field(
          'source_date',
          e.occurred_on ? partialToTime(e.occurred_on) : pfifTime(new Date(e.created_at)),
          '      ',
        );
        chunk += field('status', pfifStatusOf(status), '      ');
        chunk += field('text', noteText(e.type, e.occurred_on, e.note), '      ');
        chunk += '    </pfif:note>\n';
      }
      chunk += '  </pfif:person>\n';
      n++;
    }
    await write(chunk);
    if (persons.length < pageSize) break;
    after = persons[persons.length - 1]?.id ?? null;
  }
  await write('</pfif:pfif>\n');
  return n;
}
