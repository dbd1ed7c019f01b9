import crypto from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests and benchmarks use: TEST_DATABASE_URL, else the local `test` database. */
export const ADMIN_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, empty PostgreSQL database (for one test file or one benchmark run); `drop()` removes it. */
export async function createScratchDatabase(
  prefix = 'hc_test',
  adminUrl = ADMIN_URL,
  template?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await createDatabase(admin, name, template);
  } finally {
    await admin.end();
  }
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

/** CREATE DATABASE, copied from `template` when given (retried while another copy of it is under way). */
async function createDatabase(admin: pg.Client, name: string, template?: string): Promise<void> {
  if (template === undefined) {
    await admin.query(`CREATE DATABASE ${name}`);
    return;
  }
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (err) {
      // 55006: the template is being accessed by other users (another file's copy at the same moment).
      if ((err as { code?: string }).code !== '55006' || attempt >= 50) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}
