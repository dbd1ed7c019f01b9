import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { deriveKeys } from '../modules/tracing/codes.js';
import { createTracingRequest } from '../modules/tracing/service.js';
import { runCli } from '../test/cli.js';
import { createMigratedScratchDatabase, HAS_POSTGRES, prepareDataDir } from '../test/databases.js';

// On PostgreSQL when a server answers (each command then starts in a second), else on the embedded database.
describe('tracing, person and event commands', () => {
  it(
    'shows a case with its candidates, verifies, links, adds an ICRC confirmation and shows the file',
    { timeout: 400_000 },
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-tracing-cli-'));
      const scratch = HAS_POSTGRES ? await createMigratedScratchDatabase() : null;
      const env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: scratch?.url ?? '' };
      if (!scratch) await prepareDataDir(env.HOMECOMING_DATA);
      const csv = path.join(dir, 'list.csv');
      fs.writeFileSync(
        csv,
        'external_id,family_name,given_name,patronymic,birth_date,category\nq1,Генеренко,Микола,Іванович,1985-07-01,military\n',
      );
      expect((await runCli(['import', csv, '--source', 'unit list'], env)).code).toBe(0);

      const database = await openDatabase(scratch ? { url: scratch.url } : { dataDir: env.HOMECOMING_DATA });
      let caseNumber: string;
      let personId: string;
      try {
        await migrate(database.pool);
        const r = await createTracingRequest(
          database,
          { keys: deriveKeys(crypto.randomBytes(32)), perEmailPerDay: 5, publicUrl: 'http://localhost:3000' },
          {
            requester: { name: 'Генерована Дружина', email: 'wife@example.org', relationship: 'spouse' },
            sought: { family_name: 'Генеренко', given_name: 'Николай', birth_date: '01.07.1985' },
            consent: { tracing: true },
          },
        );
        caseNumber = r.case_number;
        personId = (await database.db.selectFrom('person').select('id').executeTakeFirstOrThrow()).id;
      } finally {
        await database.close();
      }

      const shown = await runCli(['tracing', 'show', caseNumber, '--json'], env);
      expect(shown.code).toBe(0);
      const c = JSON.parse(shown.stdout);
      expect(c).toMatchObject({ case_number: caseNumber, state: 'received', person_id: null });
      expect(c.candidates[0]).toMatchObject({ person_id: personId });
      expect(typeof c.candidates[0].score).toBe('number');

      expect((await runCli(['tracing', 'verify', caseNumber.toLowerCase()], env)).code).toBe(0);
      expect((await runCli(['tracing', 'link', caseNumber, personId], env)).code).toBe(0);
      const ev = await runCli(
        [
          'event',
          'add',
          personId,
          'captivity_confirmed',
          '--source',
          'ICRC',
          '--date',
          '01.02.2024',
          '--note',
          'notified',
        ],
        env,
      );
      expect(ev.code).toBe(0);
      const bad = await runCli(['event', 'add', personId, 'captured_by_aliens'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('TYPE');
      const badDate = await runCli(
        ['event', 'add', personId, 'captivity_reported', '--date', '31.02.2024'],
        env,
      );
      expect(badDate.code).toBe(2);
      expect(badDate.stderr).toContain('--date');
      // A range of two years is no month (pd2): "2023/24" is refused with the reason.
      const rangeDate = await runCli(
        ['event', 'add', personId, 'captivity_reported', '--date', '2023/24'],
        env,
      );
      expect(rangeDate.code).toBe(2);
      expect(rangeDate.stderr).toMatch(/--date: "2023\/24" is a range of two years \(2023 or 2024\)/);

      const file = JSON.parse((await runCli(['person', 'show', personId, '--json'], env)).stdout);
      expect(file.status).toBe('captivity_confirmed');
      expect(file.records.map((r: { external_id: string }) => r.external_id).sort()).toEqual(
        [caseNumber, 'q1'].sort(),
      );
      expect(file.events.find((e: { type: string }) => e.type === 'captivity_confirmed')).toMatchObject({
        occurred_on: '2024-02-01',
        source: 'ICRC',
        confidence: 'confirmed',
      });
      expect(file.tracing_requests[0]).toMatchObject({ case_number: caseNumber, state: 'matched' });
      const after = JSON.parse((await runCli(['tracing', 'show', caseNumber, '--json'], env)).stdout);
      expect(after).toMatchObject({
        state: 'matched',
        person_id: personId,
        disclosed_status: 'captivity_confirmed',
      });
    },
  );
});
