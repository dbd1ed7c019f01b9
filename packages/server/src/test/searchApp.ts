import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/app.js';
import { createTestActor, type TestActor } from './auth.js';
import { openTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import { importCsv } from '../modules/imports/csvImport.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent' } as const;

/** A search test's registry: a scratch database holding the CSV's generated people, the API and an analyst. */
export interface SearchApp {
  t: TestDatabase;
  app: FastifyInstance;
  analyst: TestActor;
  close(): Promise<void>;
}

/** Imports `csv` (canonical columns, generated people only) into a scratch database and builds the API on it. */
export async function openSearchApp(kind: DatabaseKind, csv: string): Promise<SearchApp> {
  const t = await openTestDatabase(kind);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-search-'));
  try {
    fs.writeFileSync(path.join(dir, 'people.csv'), csv);
    await importCsv(t.database, { file: path.join(dir, 'people.csv'), actor: 'test' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const app = await buildApp(t.database, CONFIG);
  const analyst = await createTestActor(t.database, 'analyst');
  return {
    t,
    app,
    analyst,
    close: async () => {
      await app.close();
      await t.dispose();
    },
  };
}
