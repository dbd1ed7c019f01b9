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

/** Shares of the persons `loadRegistry` can sample, in 1,024ths. */
export const SAMPLE_PARTS = 1024;

/**
 * Reads every record in pages (keyset on id), for training and re-resolution, and returns them in
 * `canonicalOrder`. With `parts` (of SAMPLE_PARTS), only the records of that share of the persons, chosen
 * by a hash of each person's smallest external id: the same persons for the same data, in any database,
 * each with all of its records, so that the pairs of one man's records stay.
 */
export async function loadRegistry(
  database: Database,
  onProgress?: (loaded: number) => void,
  parts = SAMPLE_PARTS,
): Promise<RegistrySnapshot> {
  let sampled = sql`true`;
  if (parts < SAMPLE_PARTS) {
    // A person is drawn by a hash of its smallest external id, not of its id (random, so the same data
    // loaded twice would train on other persons and give another model); read once, not per page.
    const chosen = await sql<{ person_id: string }>`SELECT person_id FROM record GROUP BY person_id
      HAVING (hashtext(min(external_id COLLATE "C")) & ${SAMPLE_PARTS - 1}) < ${Math.max(1, Math.floor(parts))}`.execute(
      database.db,
    );
    sampled = sql`r.person_id = ANY(${chosen.rows.map((r) => r.person_id)}::uuid[])`;
  }
  const records: LinkRecord[] = [];
  const personIds: string[] = [];
  const externalIds: string[] = [];
  // Each spelling held once, not once per record that writes it (a row's strings are its own copies): a
  // registry repeats its names heavily, and at a million records the copies were a quarter of the records'
  // memory. The same values; only the copies go.
  const spellings = new Map<string, string>();
  const once = (s: string | null): string | null => {
    if (s === null) return null;
    const held = spellings.get(s);
    if (held !== undefined) return held;
    spellings.set(s, s);
    return s;
  };
  let after: string | null = null;
  for (;;) {
    const page: { rows: StoredLinkRow[] } = await sql<StoredLinkRow>`SELECT ${LINK_COLUMNS} FROM record r
      WHERE ${after === null ? sql`true` : sql`r.id > ${after}::uuid`} AND ${sampled} ORDER BY r.id LIMIT ${PAGE}`.execute(
      database.db,
    );
    for (const row of page.rows) {
      const r = toLinkRecord(row);
      r.family = once(r.family);
      r.familyPhonetic = once(r.familyPhonetic);
      r.given = once(r.given);
      r.givenSkeleton = once(r.givenSkeleton);
      r.father = once(r.father);
      r.patronymicSkeleton = once(r.patronymicSkeleton);
      r.unit = once(r.unit);
      records.push(r);
      personIds.push(row.person_id);
      externalIds.push(row.external_id);
    }
    onProgress?.(records.length);
    if (page.rows.length < PAGE) break;
    after = page.rows[page.rows.length - 1]?.id ?? null;
  }
  return canonicalOrder(records, personIds, externalIds);
}

/**
 * The records in an order their contents decide: by external id, then by their fields, and by id only
 * between records that agree on all of these. Not in id order: UUIDv7 ids made in the same millisecond
 * sort at random, and training (its random pairs, by index) and re-resolution (blocks windowed in index
 * order, equal scores taken in index order) would then decide differently on each run of the same data.
 */
export function canonicalOrder(
  records: LinkRecord[],
  personIds: string[],
  externalIds: string[],
): RegistrySnapshot {
  // A record's content is written out once, when a comparison first needs it (most external ids differ),
  // not again for every comparison the sort makes.
  const written = new Array<string | undefined>(records.length);
  const content = (i: number): string => (written[i] ??= contentOf(records[i] as LinkRecord));
  const contentOf = (r: LinkRecord): string =>
    JSON.stringify([
      r.family,
      r.familyPhonetic,
      r.given,
      r.givenSkeleton,
      r.father,
      r.patronymicSkeleton,
      r.sex,
      r.birthYear,
      r.birthMonth,
      r.birthDay,
      r.unit,
      r.serviceNumber,
    ]);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const order = Array.from(records, (_, i) => i).sort(
    (a, b) =>
      cmp(externalIds[a] as string, externalIds[b] as string) ||
      cmp(content(a), content(b)) ||
      cmp((records[a] as LinkRecord).id, (records[b] as LinkRecord).id),
  );
  return {
    records: order.map((i) => records[i] as LinkRecord),
    personIds: order.map((i) => personIds[i] as string),
  };
}
