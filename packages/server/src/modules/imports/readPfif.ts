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
import { wordIn } from '../../words.js';
import { EVENT_TYPES } from '../registry/vocabulary.js';
import type { Table } from './readTable.js';

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
  'pfif_full_name',
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

/**
 * A field's text on one line: PFIF puts lists (alternate_names, profile_urls) and several renderings of a
 * full name on separate lines, and a record's fields and attributes are single-line; lines are joined with
 * "; ", other whitespace runs become one space.
 */
function oneLine(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('; ');
}

/** What the import keeps of a PFIF note. */
export interface Note {
  /** Its note_record_id ('' when the sender gave none). */
  id: string;
  status: string;
  text: string;
  sourceDate: string;
}

/** The status a note says, if any: our own notes name the exact rung in their text, others their PFIF status. */
export function statusOfNote(n: Note): string | null {
  const type = /^([a-z_]+)(?: \(|:|$)/.exec(n.text)?.[1];
  const exact = type === undefined ? null : (wordIn(EVENT_TYPES, type)?.status ?? null);
  return exact ?? wordIn(STATUS_OF_PFIF, n.status) ?? null;
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
    const s = statusOfNote(n);
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
    // With the parts given, the full name is only kept (Person Finder's may hold several lines, or a
    // spelling the names parser cannot read): the parts are the record's names.
    family === '' && given === '' ? full : '',
    family === '' && given === '' ? '' : full === [prefix, patronymic].filter((x) => x).join(' ') ? '' : full,
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

/** One element of a PFIF file as read: a person (with the notes inside it), or a note of its own. */
type PfifElement =
  | { kind: 'person'; line: number; fields: Record<string, string>; notes: Note[] }
  | { kind: 'note'; line: number; personRecordId: string; note: Note };

/** Top-level notes held to join their persons: a bound (~200 MB at most), so memory stays bounded. */
const MAX_SEPARATE_NOTES = 1_000_000;

/**
 * What a note tells the import: its status, its date, and the start of its text (only the leading event
 * type of our own notes is read), so that notes held across the file stay small (~200 bytes each).
 */
function noteOf(f: Record<string, string>): Note {
  return {
    id: (f['note_record_id'] ?? '').slice(0, 200),
    status: (f['status'] ?? '').slice(0, 40),
    text: (f['text'] ?? '').slice(0, 80),
    sourceDate: (f['source_date'] ?? '').slice(0, 40),
  };
}

/**
 * The persons and top-level notes of a PFIF file, streamed with a SAX parser. A DOCTYPE (and with it every
 * entity definition, the way to an entity bomb) is refused.
 */
async function* pfifElements(
  file: string,
  shown: string,
  onOpen: (input: fs.ReadStream) => void,
  onVersion: (version: string) => void,
): AsyncGenerator<PfifElement> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const ready: PfifElement[] = [];
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
  let noteLine = 0;
  let noteDepth = 0;
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
      onVersion(/1\.(\d)/.exec(tag.uri)?.[0] ?? '');
      return;
    }
    if (!inPfif) return;
    if (tag.local === 'person' && depth === 2) {
      person = {};
      personLine = parser.line;
      notes = [];
    } else if (tag.local === 'note' && ((depth === 3 && person !== null) || depth === 2)) {
      note = {};
      noteLine = parser.line;
      noteDepth = depth;
    } else if ((person !== null || note !== null) && fieldName === null) {
      fieldName = wordIn(RENAMED, tag.local) ?? tag.local;
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
    if (fieldName !== null && (wordIn(RENAMED, local) ?? local) === fieldName) {
      const target = note ?? person;
      if (target !== null) target[fieldName] = oneLine(text);
      fieldName = null;
    } else if (local === 'note' && note !== null && depth + 1 === noteDepth) {
      if (noteDepth === 3) notes.push(noteOf(note));
      else
        ready.push({
          kind: 'note',
          line: noteLine,
          personRecordId: note['person_record_id'] ?? '',
          note: noteOf(note),
        });
      note = null;
    } else if (local === 'person' && person !== null && depth === 1) {
      ready.push({ kind: 'person', line: personLine, fields: person, notes });
      person = null;
    }
  });
  const input = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  onOpen(input);
  try {
    for await (const chunk of input) {
      parser.write(chunk as string);
      if (failure) throw failure;
      while (ready.length > 0) yield ready.shift() as PfifElement;
    }
    parser.close();
    if (failure) throw failure;
    if (!rootSeen) throw new AppError('bad_request', `${shown} has no <pfif:pfif> element`);
    while (ready.length > 0) yield ready.shift() as PfifElement;
  } finally {
    input.destroy();
  }
}

/**
 * Opens a PFIF XML file as a table (header row first, then one row per person). Notes inside a person
 * are its notes; notes of their own (PFIF 1.2+, beside the persons, in any order) join the person their
 * person_record_id names, found by a first pass over the file. Notes about persons not in the file are
 * counted in `detected.pfifNotesWithoutPerson` and kept in `pfifNotesWithoutPerson` (the import applies
 * those about persons the registry already holds: pfifNotes.ts).
 */
export function openPfif(file: string): Table {
  const shown = path.basename(file);
  let input: fs.ReadStream | null = null;
  const table: Table = {
    detected: { format: 'pfif' },
    stopped: null,
    bytesRead: () => input?.bytesRead ?? 0,
    async *rows() {
      yield { line: 1, cells: [...PFIF_COLUMNS] };
      const setVersion = (v: string): void => {
        table.detected.pfifVersion = v;
      };
      // First pass: the notes of their own, by the person they are about.
      const separate = new Map<string, Note[]>();
      let held = 0;
      for await (const el of pfifElements(file, shown, () => undefined, setVersion)) {
        if (el.kind !== 'note') continue;
        if (++held > MAX_SEPARATE_NOTES)
          throw new AppError(
            'bad_request',
            `${shown}: more than ${MAX_SEPARATE_NOTES} notes outside their persons; split the file`,
          );
        const list = separate.get(el.personRecordId);
        if (list) list.push(el.note);
        else separate.set(el.personRecordId, [el.note]);
      }
      for await (const el of pfifElements(file, shown, (i) => (input = i), setVersion)) {
        if (el.kind !== 'person') continue;
        const id = el.fields['person_record_id'] ?? '';
        const theirs = separate.get(id);
        if (theirs !== undefined) separate.delete(id);
        yield { line: el.line, cells: personRow(el.fields, theirs ? [...el.notes, ...theirs] : el.notes) };
      }
      table.detected.pfifNotesWithoutPerson = [...separate.values()].reduce((n, l) => n + l.length, 0);
      table.pfifNotesWithoutPerson = separate;
    },
  };
  return table;
}
