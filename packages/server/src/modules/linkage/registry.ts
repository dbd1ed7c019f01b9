import { toLinkRecord, type LinkRecord } from '@homecoming/linkage';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { LINK_COLUMNS, type StoredLinkRow } from './candidates.js';

/** Every record of the registry in comparable form, with its current person. */
export interface RegistrySnapshot {
  records: LinkRecord[];
  personIds: string[];
}

const PAGE = 50_000;

/** Reads every record in pages (keyset on id), for training and re-resolution. */
export async function loadRegistry(
  database: Database,
  onProgress?: (loaded: number) => void,
): Promise<RegistrySnapshot> {
  const records: LinkRecord[] = [];
  const personIds: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { rows: StoredLinkRow[] } = await sql<StoredLinkRow>`SELECT ${LINK_COLUMNS} FROM record r
      WHERE ${after === null ? sql`true` : sql`r.id > ${after}::uuid`} ORDER BY r.id LIMIT ${PAGE}`.execute(
      database.db,
    );
    for (const row of page.rows) {
      records.push(toLinkRecord(row));
      personIds.push(row.person_id);
    }
    onProgress?.(records.length);
    if (page.rows.length < PAGE) break;
    after = page.rows[page.rows.length - 1]?.id ?? null;
  }
  return { records, personIds };
}
