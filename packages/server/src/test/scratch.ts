import crypto from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests and benchmarks use: TEST_DATABASE_URL, else the local `test` database. */
export const ADMIN_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, empty PostgreSQL database (for one test file or one benchmark run); `drop()` removes it. */
export async function createScratchDatabase(
  prefix = 'hc_test',
  adminUrl = ADMIN_URL,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
