/**
 * Reading a PFIF file (1.1–1.4) as a table, one row per `<pfif:person>`, so it imports through the same
 * map and write stages as any list: the record id is the person_record_id, the source is the --source or
 * the record's source_name (else its domain), the status is the one its latest note carries. Streamed with
 * a SAX parser; a DOCTYPE (and with it every entity definition, the way to an entity bomb) is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { AppError } from '../../errors.js';
import { EVENT_TYPES } from '../registry/vocabulary.js';
import type { Table, TableRow } from './readTable.js';

/** The columns a PFIF person becomes; the mapping stage knows them all by name. */
export const PFIF_COLUMNS = [
  'external_id',
  'source',
  'family_name',
  'given_name',
  'patronymic',
  'sex',
  'birth_date',
  'status',
  'source_date',
  'full_name',
  'pfif_alternate_names',
  'pfif_description',
  'pfif_age',
  'pfif_home_city',
  'pfif_home_state',
  'pfif_home_country',
  'pfif_source_url',
  'pfif_author_name',
] as const;

const NAMESPACES = /^http:\/\/zesty\.ca\/pfif\/1\.[1-4]\/?$/;
/** Older names of fields (PFIF 1.1–1.3). */
const RENAMED: Record<string, string> = {
  first_name: 'given_name',
  last_name: 'family_name',
  other: 'description',
};
const STATUS_OF_PFIF: Record<string, string> = {
  believed_missing: 'missing',
  believed_dead: 'death_reported',
  believed_alive: 'located',
  information_sought: 'missing',
};
const MAX_FIELD = 64 * 1024;

interface Note {
  status: string;
  text: string;
  sourceDate: string;
}

/** A person's record fields from its PFIF fields. */
function personRow(f: Record<string, string>, notes: Note[]): string[] {
  const family = f['family_name'] ?? '';
  const given = f['given_name'] ?? '';
  const full = f['full_name'] ?? '';
  // Our own export writes the patronymic only into full_name, after the family and given names.
  let patronymic = '';
  const prefix = [family, given].filter((x) => x !== '').join(' ');
  if (family !== '' && given !== '' && full.startsWith(prefix + ' '))
    patronymic = full.slice(prefix.length + 1);
  const sex = f['sex'] === 'male' || f['sex'] === 'female' ? f['sex'] : '';
  // The status of the latest note that says one: our own notes name the exact rung in their text.
  let status = '';
  const sorted = [...notes].sort((a, b) =>
    a.sourceDate < b.sourceDate ? -1 : a.sourceDate > b.sourceDate ? 1 : 0,
  );
  for (const n of sorted) {
    const type = /^([a-z_]+)(?: \(|:|$)/.exec(n.text)?.[1];
    const exact =
      type !== undefined && type in EVENT_TYPES ? EVENT_TYPES[type as keyof typeof EVENT_TYPES].status : null;
    const s = exact ?? STATUS_OF_PFIF[n.status] ?? null;
    if (s !== null) status = s;
  }
  const id = f['person_record_id'] ?? '';
  const domain = id.includes('/') ? id.slice(0, id.indexOf('/')) : '';
  return [
    id,
    f['source_name'] || domain,
    family === '' && given === '' ? '' : family,
    given,
    patronymic,
    sex,
    f['date_of_birth'] ?? '',
    status,
    (f['source_date'] ?? '').slice(0, 10),
    full,
    f['alternate_names'] ?? '',
    f['description'] ?? '',
    f['age'] ?? '',
    f['home_city'] ?? '',
    f['home_state'] ?? '',
    f['home_country'] ?? '',
    f['source_url'] ?? '',
    f['author_name'] ?? '',
  ];
}

/** Opens a PFIF XML file as a table (header row first, then one row per person). */
export function openPfif(file: string): Table {
  const shown = path.basename(file);
  let input: fs.ReadStream | null = null;
  const table: Table = {
    detected: { format: 'pfif' },
    stopped: null,
    bytesRead: () => input?.bytesRead ?? 0,
    async *rows() {
      yield { line: 1, cells: [...PFIF_COLUMNS] };
      const parser = new SaxesParser({ xmlns: true, position: true });
      const ready: TableRow[] = [];
      let failure: AppError | null = null;
      const fail = (message: string) => {
        failure ??= new AppError('bad_request', `${shown}: line ${parser.line}: ${message}`);
      };
      let depth = 0;
      let rootSeen = false;
      let person: Record<string, string> | null = null;
      let personLine = 0;
      let notes: Note[] = [];
      let note: Record<string, string> | null = null;
      let fieldName: string | null = null;
      let text = '';
      parser.on('doctype', () => fail('a DOCTYPE is not accepted in PFIF (entity definitions are refused)'));
      parser.on('error', (e) => fail(`not well-formed XML (${e.message.replace(/^.*?:\d+:\d+: /, '')})`));
      parser.on('opentag', (tag) => {
        depth++;
        if (failure) return;
        const inPfif = NAMESPACES.test(tag.uri);
        if (depth === 1) {
          if (!inPfif || tag.local !== 'pfif') fail('the root element is not <pfif:pfif> of PFIF 1.1–1.4');
          rootSeen = true;
          table.detected.pfifVersion = /1\.(\d)/.exec(tag.uri)?.[0] ?? '';
          return;
        }
        if (!inPfif) return;
        if (tag.local === 'person' && depth === 2) {
          person = {};
          personLine = parser.line;
          notes = [];
        } else if (tag.local === 'note' && (depth === 3 || depth === 2)) {
          note = {};
        } else if ((person !== null || note !== null) && fieldName === null) {
          fieldName = RENAMED[tag.local] ?? tag.local;
          text = '';
        }
      });
      parser.on('text', (t) => {
        if (fieldName !== null) {
          text += t;
          if (text.length > MAX_FIELD) fail(`field ${fieldName} is longer than ${MAX_FIELD} characters`);
        }
      });
      parser.on('cdata', (t) => {
        if (fieldName !== null) text += t;
      });
      parser.on('closetag', (tag) => {
        depth--;
        if (failure) return;
        const local = tag.local;
        if (fieldName !== null && (RENAMED[local] ?? local) === fieldName) {
          const target = note ?? person;
          if (target !== null) target[fieldName] = text.trim();
          fieldName = null;
        } else if (local === 'note' && note !== null) {
          notes.push({
            status: note['status'] ?? '',
            text: note['text'] ?? '',
            sourceDate: note['source_date'] ?? '',
          });
          note = null;
        } else if (local === 'person' && person !== null) {
          ready.push({ line: personLine, cells: personRow(person, notes) });
          person = null;
        }
      });
      input = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
      try {
        for await (const chunk of input) {
          parser.write(chunk as string);
          if (failure) throw failure;
          while (ready.length > 0) yield ready.shift() as TableRow;
        }
        parser.close();
        if (failure) throw failure;
        if (!rootSeen) throw new AppError('bad_request', `${shown} has no <pfif:pfif> element`);
        while (ready.length > 0) yield ready.shift() as TableRow;
      } finally {
        input.destroy();
      }
    },
  };
  return table;
}
