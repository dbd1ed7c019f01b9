/**
 * PFIF files from other registries, in the shapes Person Finder's own test files have (PFIF 1.1–1.4:
 * first_name/last_name and `other` in 1.1, notes inside persons or beside them, linked records, multi-line
 * full names, expired placeholders). The files are generated here: generated people only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from './csvImport.js';

const TODAY = new Date('2026-11-26T12:00:00Z');

type Fields = Record<string, string>;

const el = (name: string, value: string, indent = '    '): string =>
  `${indent}<pfif:${name}>${value}</pfif:${name}>\n`;

function note(fields: Fields, indent = '    '): string {
  return `${indent}<pfif:note>\n${Object.entries(fields)
    .map(([k, v]) => el(k, v, indent + '  '))
    .join('')}${indent}</pfif:note>\n`;
}

function person(fields: Fields, notes: Fields[] = []): string {
  return `  <pfif:person>\n${Object.entries(fields)
    .map(([k, v]) => el(k, v))
    .join('')}${notes.map((n) => note(n)).join('')}  </pfif:person>\n`;
}

function pfif(version: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/${version}">\n${body}</pfif:pfif>\n`;
}

async function recordOf(
  database: Database,
  externalId: string,
): Promise<Record<string, unknown> | undefined> {
  const r = await sql<Record<string, unknown>>`
    SELECT r.family_name, r.given_name, r.patronymic, r.sex, r.birth_year, r.birth_month, r.status,
      r.attributes, s.name AS source, p.status AS person_status
    FROM record r JOIN source s ON s.id = r.source_id JOIN person p ON p.id = r.person_id
    WHERE r.external_id = ${externalId}`.execute(database.db);
  return r.rows[0];
}

const count = async (database: Database, table: 'record' | 'person' | 'review_pair'): Promise<number> =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0]
    ?.n ?? 0;

describe.each(DATABASE_KINDS)('PFIF 1.1–1.4 files of other registries, on %s', (kind) => {
  let t: TestDatabase;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-pfif-'));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports PFIF 1.1: first_name/last_name, `other` as the description, whitespace trimmed and lines joined, notes without a status', async () => {
    const file = write(
      'v11.xml',
      pfif(
        '1.1',
        person(
          {
            author_name: 'Desk A',
            first_name: 'Bohdan',
            last_name: 'Tkachuk',
            home_city: '  Sumy\n    \n    ',
            other: 'description:\n    seen last at the station\n',
            person_record_id: 'one.example.org/person.11',
            source_name: 'Registry One',
            source_date: '2024-03-01T00:00:00Z',
            entry_date: '2024-03-02T00:00:00Z',
          },
          [
            {
              note_record_id: 'one.example.org/note.1',
              text: 'called the family',
              source_date: '2024-03-03T00:00:00Z',
              found: 'true',
            },
          ],
        ),
      ),
    );
    const s = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(s).toMatchObject({
      rows: 1,
      imported: 1,
      rejected: 0,
      detected: { format: 'pfif', pfifVersion: '1.1' },
    });
    const r = await recordOf(t.database, 'one.example.org/person.11');
    expect(r).toMatchObject({ family_name: 'Tkachuk', given_name: 'Bohdan', source: 'Registry One' });
    expect(r?.['attributes']).toMatchObject({
      pfif_home_city: 'Sumy',
      pfif_description: 'description:; seen last at the station',
    });
  });

  it('imports PFIF 1.2 with nested notes (a linked record, a status-only note, a backdated one): the latest dated status counts', async () => {
    const id = 'two.example.org/person.21';
    const file = write(
      'v12.xml',
      pfif(
        '1.2',
        person(
          {
            first_name: 'Olena',
            last_name: 'Marchenko',
            sex: 'female',
            date_of_birth: '1979-06',
            age: '40-50',
            home_postal_code: '01001',
            home_country: 'UA',
            person_record_id: id,
            source_name: 'Registry Two',
            source_date: '2024-04-01T00:00:00Z',
          },
          [
            {
              note_record_id: 'two.example.org/note.1',
              person_record_id: id,
              linked_person_record_id: 'two.example.org/person.999',
              text: 'first report',
              source_date: '2024-04-02T00:00:00Z',
              found: 'false',
              status: 'believed_missing',
            },
            {
              note_record_id: 'two.example.org/note.3',
              text: 'only the status',
              source_date: '2024-04-05T12:00:00Z',
              status: 'is_note_author',
            },
            {
              note_record_id: 'two.example.org/note.2',
              text: 'backdated: alive',
              source_date: '2024-04-05T10:00:00Z',
              status: 'believed_alive',
            },
          ],
        ),
      ),
    );
    const s = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(s).toMatchObject({ imported: 1, rejected: 0, detected: { pfifVersion: '1.2' } });
    expect(await recordOf(t.database, id)).toMatchObject({
      family_name: 'Marchenko',
      sex: 'female',
      birth_year: 1979,
      birth_month: 6,
      status: 'located',
      person_status: 'located',
    });
  });

  it('joins notes that stand beside the persons (before or after them) to their person, and counts notes about persons not in the file without applying them', async () => {
    const a = 'three.example.org/person.31';
    const b = 'three.example.org/person.32';
    const file = write(
      'v12-separate.xml',
      pfif(
        '1.2',
        note(
          {
            note_record_id: 'three.example.org/note.1',
            person_record_id: a,
            text: 'news',
            source_date: '2024-05-02T00:00:00Z',
            status: 'believed_dead',
          },
          '  ',
        ) +
          person({
            first_name: 'Petro',
            last_name: 'Hnatiuk',
            person_record_id: a,
            source_date: '2024-05-01T00:00:00Z',
          }) +
          person({
            first_name: 'Iryna',
            last_name: 'Savchuk',
            person_record_id: b,
            source_date: '2024-05-01T00:00:00Z',
          }) +
          note(
            {
              note_record_id: 'three.example.org/note.2',
              person_record_id: b,
              text: 'seeking',
              source_date: '2024-05-03T00:00:00Z',
              status: 'information_sought',
            },
            '  ',
          ) +
          note(
            {
              note_record_id: 'three.example.org/note.3',
              person_record_id: 'three.example.org/person.404',
              text: 'about someone else',
              source_date: '2024-05-03T00:00:00Z',
              status: 'believed_alive',
            },
            '  ',
          ),
      ),
    );
    const s = await importCsv(t.database, { file, actor: 'test', defaultSource: 'three', today: TODAY });
    expect(s).toMatchObject({ rows: 2, imported: 2, rejected: 0, detected: { pfifNotesWithoutPerson: 1 } });
    expect(await recordOf(t.database, a)).toMatchObject({ status: 'death_reported' });
    expect(await recordOf(t.database, b)).toMatchObject({ status: 'missing' });
  });

  it('imports a file of notes only (a notification feed) as nothing, saying so', async () => {
    const before = await count(t.database, 'record');
    const file = write(
      'v12-notes.xml',
      pfif(
        '1.2',
        note(
          {
            note_record_id: 'four.example.org/note.1',
            person_record_id: 'four.example.org/person.41',
            text: 'no news',
            source_date: '2024-06-01T00:00:00Z',
            status: 'believed_missing',
          },
          '  ',
        ),
      ),
    );
    const s = await importCsv(t.database, { file, actor: 'test', defaultSource: 'four', today: TODAY });
    expect(s).toMatchObject({ rows: 0, imported: 0, rejected: 0, detected: { pfifNotesWithoutPerson: 1 } });
    expect(await count(t.database, 'record')).toBe(before);
  });

  it('applies a notes-only feed to the persons held from the sender’s earlier person records, once however often it comes', async () => {
    const a = 'twelve.example.org/person.71';
    const persons = write(
      'v14-persons.xml',
      pfif(
        '1.4',
        person({
          person_record_id: a,
          given_name: 'Olena',
          family_name: 'Hrytsenko',
          source_date: '2024-08-01T00:00:00Z',
        }) +
          person({
            person_record_id: 'twelve.example.org/person.72',
            given_name: 'Ivan',
            family_name: 'Bondar',
          }),
      ),
    );
    expect(
      await importCsv(t.database, { file: persons, actor: 'test', defaultSource: 'twelve', today: TODAY }),
    ).toMatchObject({ imported: 2 });
    const events = async (): Promise<string[]> =>
      (
        await sql<{ type: string }>`SELECT e.type FROM event e JOIN record r ON r.person_id = e.person_id
          WHERE r.external_id = ${a} ORDER BY e.type`.execute(t.database.db)
      ).rows.map((r) => r.type);
    expect(await events()).toEqual([]);
    const feed = write(
      'v14-feed.xml',
      pfif(
        '1.4',
        note(
          {
            note_record_id: 'twelve.example.org/note.1',
            person_record_id: a,
            author_name: 'A',
            source_date: '2024-08-05T00:00:00Z',
            status: 'believed_alive',
            text: 'seen',
          },
          '  ',
        ) +
          note(
            {
              note_record_id: 'twelve.example.org/note.2',
              person_record_id: a,
              author_name: 'A',
              source_date: '2024-08-06T00:00:00Z',
              status: 'is_note_author',
              text: 'no status',
            },
            '  ',
          ) +
          note(
            {
              note_record_id: 'twelve.example.org/note.3',
              person_record_id: 'twelve.example.org/person.404',
              source_date: '2024-08-06T00:00:00Z',
              status: 'believed_dead',
              text: 'unknown',
            },
            '  ',
          ),
      ),
    );
    for (const round of [1, 2]) {
      const s = await importCsv(t.database, {
        file: feed,
        actor: 'test',
        defaultSource: 'twelve',
        today: TODAY,
      });
      expect(s).toMatchObject({
        rows: 0,
        imported: 0,
        detected: { pfifNotesApplied: round === 1 ? 1 : 0, pfifNotesWithoutPerson: 1 },
      });
      expect(await events()).toEqual(['located']);
      expect(await recordOf(t.database, a)).toMatchObject({ person_status: 'located' });
    }
  });

  it('imports PFIF 1.3 (full_name beside first_name/last_name) and 1.4 (given/family, a multi-line full name, alternate names), and rejects an expired placeholder with a reason', async () => {
    const v13 = write(
      'v13.xml',
      pfif(
        '1.3',
        person({
          person_record_id: 'five.example.org/person.51',
          entry_date: '2024-07-01T00:00:00Z',
          expiry_date: '2025-07-01T00:00:00Z',
          source_name: 'Registry Five',
          source_date: '2024-07-01T00:00:00Z',
          full_name: 'Lysenko Andrii',
          first_name: 'Andrii',
          last_name: 'Lysenko',
          sex: 'male',
          date_of_birth: '1985',
        }),
      ),
    );
    const s13 = await importCsv(t.database, { file: v13, actor: 'test', today: TODAY });
    expect(s13).toMatchObject({ imported: 1, rejected: 0, detected: { pfifVersion: '1.3' } });
    expect(await recordOf(t.database, 'five.example.org/person.51')).toMatchObject({
      family_name: 'Lysenko',
      given_name: 'Andrii',
      birth_year: 1985,
    });

    const v14 = write(
      'v14.xml',
      pfif(
        '1.4',
        person(
          {
            person_record_id: 'six.example.org/person.61',
            entry_date: '2024-08-01T00:00:00Z',
            source_name: 'Registry Six',
            source_date: '2024-08-01T00:00:00Z',
            full_name: 'Vasyl Kravets\nКравець Василь',
            given_name: 'Vasyl',
            family_name: 'Kravets',
            alternate_names: 'Kravec\nKravetz',
            description: 'tall',
            sex: 'male',
            date_of_birth: '1991-02-03',
            home_city: '  Chernihiv\n   ',
            profile_urls: 'https://profiles.example.org/1\nhttps://profiles.example.org/2',
          },
          [
            {
              note_record_id: 'six.example.org/note.1',
              person_record_id: 'six.example.org/person.61',
              author_name: 'Desk B',
              author_made_contact: 'false',
              source_date: '2024-08-02T00:00:00Z',
              status: 'believed_missing',
              text: 'report',
              photo_url: 'https://photos.example.org/1',
            },
          ],
        ) +
          // What an expired record becomes: the ids and dates, no content.
          person({
            person_record_id: 'six.example.org/person.62',
            entry_date: '2024-08-01T00:00:00Z',
            expiry_date: '2024-09-01T00:00:00Z',
            source_date: '2024-08-01T00:00:00Z',
          }),
      ),
    );
    const s14 = await importCsv(t.database, { file: v14, actor: 'test', today: TODAY });
    expect(s14).toMatchObject({ rows: 2, imported: 1, rejected: 1, detected: { pfifVersion: '1.4' } });
    const r = await recordOf(t.database, 'six.example.org/person.61');
    expect(r).toMatchObject({ family_name: 'Kravets', given_name: 'Vasyl', status: 'missing' });
    expect(r?.['attributes']).toMatchObject({
      pfif_full_name: 'Vasyl Kravets; Кравець Василь',
      pfif_alternate_names: 'Kravec; Kravetz',
      pfif_home_city: 'Chernihiv',
    });
    const rejects = fs.readFileSync(s14.rejectsPath as string, 'utf8');
    expect(rejects).toContain('six.example.org/person.62');
  });

  it('refuses a truncated PFIF file before writing anything, saying where it ends', async () => {
    const before = await count(t.database, 'record');
    const whole = pfif(
      '1.4',
      person({
        person_record_id: 'nine.example.org/person.91',
        source_date: '2024-10-01T00:00:00Z',
        full_name: 'Ткач Ілля',
        given_name: 'Ілля',
        family_name: 'Ткач',
      }) +
        person({
          person_record_id: 'nine.example.org/person.92',
          source_date: '2024-10-01T00:00:00Z',
          full_name: 'Ткач Ніна',
          given_name: 'Ніна',
          family_name: 'Ткач',
        }),
    );
    const file = write('truncated.xml', whole.slice(0, Math.floor(whole.length * 0.8)));
    await expect(importCsv(t.database, { file, actor: 'test', today: TODAY })).rejects.toThrow(
      /truncated\.xml: line \d+: not well-formed XML/,
    );
    expect(await count(t.database, 'record')).toBe(before);
  });

  it('keeps apart two persons the sending registry lists separately, queueing the pair for review, where a list’s two rows link', async () => {
    const twin = (id: string): Fields => ({
      person_record_id: id,
      source_date: '2024-09-01T00:00:00Z',
      full_name: 'Шевчук Олег Іванович',
      given_name: 'Олег',
      family_name: 'Шевчук',
      sex: 'male',
      date_of_birth: '1990-05-17',
    });
    const persons = await count(t.database, 'person');
    const pairs = await count(t.database, 'review_pair');
    const file = write(
      'twins.xml',
      pfif('1.4', person(twin('seven.example.org/person.71')) + person(twin('seven.example.org/person.72'))),
    );
    const s = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(s).toMatchObject({ imported: 2, linked: 0, possible: 1 });
    expect(await count(t.database, 'person')).toBe(persons + 2);
    expect(await count(t.database, 'review_pair')).toBe(pairs + 1);
    const reason = await sql<{ reason: string }>`
      SELECT queue_reason AS reason FROM review_pair ORDER BY id DESC LIMIT 1`.execute(t.database.db);
    expect(reason.rows[0]?.reason).toMatch(
      /^linkage would link these automatically, but source seven\.example\.org lists them as two persons \(ids seven\.example\.org\/person\.71 and seven\.example\.org\/person\.72\)/,
    );

    // The same two rows as a list: one man written twice, linked (the import's long-standing rule).
    const csv = write(
      'twins.csv',
      [
        'external_id,source,family_name,given_name,patronymic,sex,birth_date',
        'l1,list-eight,Бондар,Ігор,Петрович,male,1987-03-02',
        'l2,list-eight,Бондар,Ігор,Петрович,male,1987-03-02',
      ].join('\n'),
    );
    const c = await importCsv(t.database, { file: csv, actor: 'test', today: TODAY });
    expect(c).toMatchObject({ imported: 2 });
    expect(c.linked).toBeGreaterThanOrEqual(1);
  });
});
