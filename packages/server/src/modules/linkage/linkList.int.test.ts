import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from '../imports/csvImport.js';
import { linkList, type ListLinkLine } from './linkList.js';

const HEADER = 'external_id,source,category,family_name,given_name,patronymic,sex,birth_date';
const TODAY = new Date('2026-12-01T12:00:00Z');

function tempFile(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-linklist-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

// Generated people only. The registry writes a man's given name in its Russian form (Александр); a list
// misspells its Ukrainian form (Олксандр: a letter dropped), which no given-name class recognises and which
// is far from Александр as written. His surname, father's name and birth year agree; in a registry this
// small a surname weighs little (one record in three holds it), so the given name's level decides.
const REGISTRY = [
  'r1,registry,military,Гнатюк,Александр,Петрович,male,1988-02-11',
  'r2,registry,military,Дзюбак,Богдан,Степанович,male,1979-03-14',
  'r3,registry,military,Ярмолюк,Тарас,Іванович,male,1990-01-05',
  'r4,registry,military,Сидоренко,Дмитро,Олегович,male,1985-06-20',
];

describe.each(DATABASE_KINDS)("a list's rows against the registry, on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const file = tempFile('registry.csv', [HEADER, ...REGISTRY].join('\n'));
    await importCsv(t.database, { file, actor: 'test', today: TODAY });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const link = async (rows: string[]): Promise<ListLinkLine[]> => {
    const file = tempFile('list.csv', [HEADER, ...rows].join('\n'));
    const lines: ListLinkLine[] = [];
    await linkList(t.database, file, { line: (l) => void lines.push(l), problem: () => undefined });
    return lines;
  };

  it('matches a misspelt given name to its man written in another form of the name (fs-13)', async () => {
    const [row] = await link(['a,list,military,Гнатюк,Олксандр,Петрович,male,1988']);
    expect(row).toMatchObject({ external_id: 'a', decision: 'match', record_ids: ['r1'] });
  });

  it('matches a given name a scanner misread (rn for m) in a Latin list to its man (lrec)', async () => {
    const [row] = await link(['d,list,military,Sydorenko,Drnitro,Olehovych,male,1985']);
    expect(row).toMatchObject({ external_id: 'd', decision: 'match', record_ids: ['r4'] });
  });

  it('leaves a namesake with the same misspelling, another father and another birth year unmatched', async () => {
    const [row] = await link(['b,list,military,Гнатюк,Олксандр,Миколайович,male,1975']);
    expect(row?.decision).not.toBe('match');
  });

  it('never matches on the names alone, however the given name is spelt', async () => {
    const [row] = await link(['c,list,military,Гнатюк,Олксандр,,male,']);
    expect(row?.decision).not.toBe('match');
  });
});
