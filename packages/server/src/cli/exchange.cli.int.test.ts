import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/cli.js';
import { createMigratedScratchDatabase, HAS_POSTGRES, prepareDataDir } from '../test/databases.js';

const jsonLines = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));

// The contracts of issue #13 as scripts drive them. Generated people only.
describe('exchange commands', () => {
  it(
    'create → list → reconcile → person show, with the JSON shapes of the contract',
    { timeout: 300_000 },
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-exchange-cli-'));
      // Migrated already (a template copy, a prepared folder): a first start is the other CLI tests' part.
      const scratch = HAS_POSTGRES ? await createMigratedScratchDatabase() : null;
      const env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: scratch?.url ?? '' };
      if (!scratch) await prepareDataDir(env.HOMECOMING_DATA);
      const file = (name: string, lines: string[]) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, lines.join('\n') + '\n');
        return f;
      };
      try {
        const registry = file('registry.csv', [
          'external_id,category,family_name,given_name,patronymic,birth_date,status',
          'r1,military,Гордієнко,Василь,Петрович,1987-04-14,captivity_confirmed',
          'r2,military,Литвиненко,Юрій,Олексійович,1992-10-02,captivity_reported',
        ]);
        expect((await runCli(['import', registry, '--source', 'unit list'], env)).code).toBe(0);

        const created = await runCli(
          ['exchange', 'create', '--name', 'Exchange CLI', '--date', '23.05.2025', '--json'],
          env,
        );
        expect(created.code).toBe(0);
        const { id } = JSON.parse(created.stdout);
        expect(Object.keys(JSON.parse(created.stdout))).toEqual(['id']);

        const list = file('ours.csv', [
          'external_id,family_name,given_name,patronymic,birth_date',
          'e1,Гордієнко,Василь,Петрович,1987-04-14',
          'e2,Литвиненко,Юрій,Олексійович,1992-10-02',
        ]);
        const listed = await runCli(['exchange', 'list', id, list, '--side', 'ours', '--json'], env);
        expect(listed.code).toBe(0);
        const lines = jsonLines(listed.stdout);
        expect(lines.map((l) => Object.keys(l))).toEqual([
          ['external_id', 'decision', 'person_id', 'score'],
          ['external_id', 'decision', 'person_id', 'score'],
        ]);
        expect(lines.map((l) => l.decision)).toEqual(['match', 'match']);

        const badSide = await runCli(['exchange', 'list', id, list, '--side', 'both', '--json'], env);
        expect(badSide.code).not.toBe(0);
        expect(badSide.stderr).toContain('must be ours or theirs');

        const crossed = file('crossed.csv', [
          'external_id,family_name,given_name,birth_date',
          'x1,Гордиенко,Василий,14.04.1987',
        ]);
        const rec = await runCli(['exchange', 'reconcile', id, crossed, '--json'], env);
        expect(rec.code).toBe(0);
        const out = jsonLines(rec.stdout);
        expect(out).toEqual([
          { external_id: 'x1', outcome: 'returned', person_id: lines[0].person_id, entry_external_id: 'e1' },
          { entry_external_id: 'e2', outcome: 'not_returned', person_id: lines[1].person_id },
        ]);
        const again = await runCli(['exchange', 'reconcile', id, crossed, '--json'], env);
        expect(jsonLines(again.stdout)).toEqual(out);

        const shown = await runCli(['person', 'show', lines[0].person_id, '--json'], env);
        expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'returned' });

        const other = file('other.csv', ['external_id,family_name,given_name', 'y1,Литвиненко,Юрій']);
        const refused = await runCli(['exchange', 'reconcile', id, other, '--json'], env);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain('a second reconciliation is refused');

        // The handing-over side: the register, their list, who of theirs crossed, the ICRC export.
        const register = file('register.csv', [
          'external_id,family_name,given_name,patronymic,birth_date,power_depended_on',
          'p1,Соколов,Артём,Игоревич,1996-03-03,Russian Federation',
        ]);
        expect((await runCli(['exchange', 'register', register, '--json'], env)).code).toBe(0);
        const theirs = file('theirs.csv', [
          'external_id,family_name,given_name,patronymic,birth_date',
          't1,Соколов,Артём,Игоревич,03.03.1996',
        ]);
        const linked = jsonLines(
          (await runCli(['exchange', 'list', id, theirs, '--side', 'theirs', '--json'], env)).stdout,
        );
        expect(linked[0]).toMatchObject({ external_id: 't1', decision: 'match' });
        const handed = file('handed.csv', [
          'external_id,family_name,given_name,birth_date',
          'h1,SOKOLOV,Artem,03.03.1996',
        ]);
        const h = await runCli(['exchange', 'handover', id, handed, '--json'], env);
        expect(h.code).toBe(0);
        expect(jsonLines(h.stdout)).toEqual([
          { external_id: 'h1', outcome: 'handed_over', pow_id: linked[0].person_id, entry_external_id: 't1' },
        ]);
        const out2 = path.join(dir, 'register-export.csv');
        const exported = await runCli(['exchange', 'register-export', '--out', out2], env);
        expect(exported.code).toBe(0);
        expect(fs.readFileSync(out2, 'utf8')).toMatch(
          /p1,Соколов,Артём,Игоревич,Sokolov,Artem,Igorevich,.*handed_over/,
        );
      } finally {
        await scratch?.drop();
      }
    },
  );
});
