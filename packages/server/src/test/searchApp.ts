import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
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

/** What a describe block of search tests holds: the registry `useSearchApp` opened for it, asked as the analyst. */
export interface SearchAppInBlock {
  /** GET `url` as the analyst. */
  get(url: string): Promise<LightMyRequestResponse>;
  /** The record the first hit of a search for `q` (and `birth`) names, as the analyst asks it (200 expected). */
  firstRecord(q: string, birth?: string): Promise<string | undefined>;
  /** The opened registry (throws before the block's `beforeAll` has run). */
  opened(): SearchApp;
}

/** Opens `csv`'s registry before the describe block's tests and closes it after them. */
export function useSearchApp(kind: DatabaseKind, csv: string): SearchAppInBlock {
  let fixture: SearchApp | undefined;
  beforeAll(async () => {
    fixture = await openSearchApp(kind, csv);
  });
  afterAll(async () => {
    await fixture?.close();
  });
  const opened = (): SearchApp => {
    if (fixture === undefined) throw new Error('the search registry is not open yet');
    return fixture;
  };
  const get = (url: string): Promise<LightMyRequestResponse> => opened().analyst.inject(opened().app, url);
  const firstRecord = async (q: string, birth?: string): Promise<string | undefined> => {
    const params = new URLSearchParams({ q, ...(birth ? { birth } : {}) });
    const res = await get(`/api/v1/search/persons?${params}`);
    expect(res.statusCode).toBe(200);
    return (res.json() as { hits: { why: { record_id: string } }[] }).hits[0]?.why.record_id;
  };
  return { get, firstRecord, opened };
}
