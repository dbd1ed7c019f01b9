import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { prepareDataDir } from '../../test/databases.js';

// Generated people only.
describe('homecoming link, train and dedupe (embedded database)', () => {
  it('links a list without importing it, as JSON lines, and re-resolves the registry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-link-cli-'));
    const env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: '' };
    await prepareDataDir(env.HOMECOMING_DATA);
    const registry = path.join(dir, 'registry.csv');
    fs.writeFileSync(
      registry,
      [
        'external_id,family_name,given_name,patronymic,sex,birth_date,service_number',
        'r1,Коваленко,Андрій,Іванович,male,1988-02-11,АВ123456',
        'r2,Мельник,Ольга,Петрівна,female,1975-07-30,',
        'r3,Бондаренко,Сергій,Миколайович,male,1990-01-05,',
      ].join('\n') + '\n',
    );
    const imported = await runCli(['import', registry, '--source', 'registry'], env);
    expect(imported.code).toBe(0);

    const list = path.join(dir, 'incoming.csv');
    fs.writeFileSync(
      list,
      [
        'external_id,family_name,given_name,patronymic,birth_date,service_number',
        'a,Kovalenko,Andrei,Ivanovich,1988-02-11,AB-123456',
        'b,Мельник,Ольга,Петрівна,,',
        'c,Ткачук,Богдан,,1999-09-09,',
        'd,,,,,',
      ].join('\n') + '\n',
    );
    const r = await runCli(['link', list, '--json'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 5 (external_id d)');
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.external_id, l.decision])).toEqual([
      ['a', 'match'],
      ['b', 'possible'],
      ['c', 'none'],
    ]);
    expect(Object.keys(lines[0])).toEqual(['external_id', 'decision', 'person_id', 'score', 'record_ids']);
    expect(lines[0].record_ids).toEqual(['r1']);
    // A possible row adds the persons close behind its best after the five keys (none here: one person).
    expect(Object.keys(lines[1])).toEqual([
      'external_id',
      'decision',
      'person_id',
      'score',
      'record_ids',
      'alternatives',
    ]);
    expect(lines[1].alternatives).toEqual([]);
    expect(r.stderr).toContain('1 possible (0 other persons shown beside them)');
    expect(lines[2]).toMatchObject({ person_id: null, record_ids: [] });

    // Nothing was imported by linking.
    const exported = await runCli(['export', '--format', 'jsonl'], env);
    expect(exported.stdout.trim().split('\n')).toHaveLength(3);

    const d = await runCli(['dedupe', '--json'], env);
    expect(d.code).toBe(0);
    expect(JSON.parse(d.stdout)).toMatchObject({ records: 3, merges: 0 });
    expect(d.stderr).toContain('dedupe:');

    const usage = await runCli(['link'], env);
    expect(usage.code).not.toBe(0);
  });
});
