import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readList } from './modules/exchanges/lists.js';
import { delimiterNamed, encodingNamed } from './modules/imports/detect.js';
import { openPfif, statusOfNote } from './modules/imports/readPfif.js';
import { wordIn } from './words.js';

// Words that a plain `table[word]` finds on every object: each one read as a function before.
const OBJECT_WORDS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf'];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-words-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('words that users and files supply', () => {
  it("finds a table's own words and never Object's properties", () => {
    const table: Record<string, number> = { one: 1 };
    expect(wordIn(table, 'one')).toBe(1);
    for (const w of OBJECT_WORDS) expect(wordIn(table, w)).toBeUndefined();
  });

  it('refuses an encoding or delimiter named after an Object property', () => {
    expect(encodingNamed('CP1251')).toBe('windows-1251');
    expect(delimiterNamed('tab')).toBe('\t');
    for (const w of OBJECT_WORDS) {
      expect(encodingNamed(w)).toBeNull();
      expect(delimiterNamed(w)).toBeNull();
    }
  });

  it('reads a PFIF person with such an element and a note with such a status as text, not as a function', async () => {
    for (const w of OBJECT_WORDS.filter((x) => /^[a-z]\w*$/i.test(x))) {
      expect(statusOfNote({ id: '', status: w, text: `${w}: seen`, sourceDate: '2024-01-02' })).toBeNull();
      const file = path.join(dir, `${w}.xml`);
      fs.writeFileSync(
        file,
        `<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>
<pfif:person_record_id>example.org/p1</pfif:person_record_id>
<pfif:source_date>2024-01-01T00:00:00Z</pfif:source_date>
<pfif:full_name>Гнатюк Василь</pfif:full_name><pfif:given_name>Василь</pfif:given_name>
<pfif:family_name>Гнатюк</pfif:family_name><pfif:${w}>x</pfif:${w}>
<pfif:note><pfif:note_record_id>example.org/n1</pfif:note_record_id>
<pfif:person_record_id>example.org/p1</pfif:person_record_id>
<pfif:source_date>2024-01-02T00:00:00Z</pfif:source_date><pfif:status>${w}</pfif:status>
<pfif:text>seen</pfif:text></pfif:note></pfif:person></pfif:pfif>`,
      );
      const rows = [];
      for await (const row of openPfif(file).rows()) rows.push(row);
      expect(rows).toHaveLength(2);
      for (const cell of rows[1]?.cells ?? []) expect(['string', 'object']).toContain(typeof cell);
    }
  });

  it('refuses an exchange category named after an Object property, saying which line', async () => {
    for (const w of OBJECT_WORDS) {
      const file = path.join(dir, `list-${w}.csv`);
      fs.writeFileSync(file, `external_id,family_name,given_name,categories\ne1,Гнатюк,Василь,${w}\n`);
      await expect(readList(file, { requireExternalId: true })).rejects.toThrow(
        `line 2: categories: "${w}" is not a category`,
      );
    }
  });
});
