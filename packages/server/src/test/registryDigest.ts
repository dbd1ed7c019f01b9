import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

// A person's name in the digest: its records' sorted source:external ids.
const named = sql`
  WITH rn AS (SELECT r.id, r.person_id, s.name || ':' || r.external_id AS ext FROM record r JOIN source s ON s.id = r.source_id),
  pn AS (SELECT person_id, string_agg(ext, ',' ORDER BY ext) AS name FROM rn GROUP BY person_id)`;

const PARTS: [string, ReturnType<typeof sql<{ n: number; md5: string }>>][] = [
  [
    'persons (partition)',
    sql`${named} SELECT count(*)::int AS n, md5(coalesce(string_agg(name, '|' ORDER BY name), '')) AS md5 FROM pn`,
  ],
  [
    'persons (best views)',
    sql`${named}, v AS (SELECT pn.name || '/' || concat_ws('/', p.family_name, p.given_name, p.patronymic,
        p.names::text, p.sex, p.birth_date, p.birth_year, p.category, p.status, p.record_count, p.merged_into IS NULL,
        p.organisation_id, (SELECT type || ':' || coalesce(occurred_on::text, '') FROM event e WHERE e.id = p.status_event_id)) AS line
      FROM person p JOIN pn ON pn.person_id = p.id)
      SELECT count(*)::int AS n, md5(coalesce(string_agg(line, '|' ORDER BY line), '')) AS md5 FROM v`,
  ],
  [
    'links',
    sql`${named}, v AS (SELECT rn.ext || '>' || pn.name || '/' || l.kind || '/' || coalesce(round(l.score::numeric, 6)::text, '') ||
        '/' || coalesce(l.model_version, '') || '/' || (l.ended_at IS NULL) AS line
      FROM link l JOIN rn ON rn.id = l.record_id JOIN pn ON pn.person_id = l.person_id)
      SELECT count(*)::int AS n, md5(coalesce(string_agg(line, '|' ORDER BY line), '')) AS md5 FROM v`,
  ],
  [
    'events',
    sql`${named}, v AS (SELECT pn.name || '/' || coalesce(rn.ext, '') || '/' || e.type || '/' || coalesce(e.occurred_on::text, '') ||
        '/' || e.confidence || '/' || coalesce(e.source_id::text, '') AS line
      FROM event e JOIN pn ON pn.person_id = e.person_id LEFT JOIN rn ON rn.id = e.record_id)
      SELECT count(*)::int AS n, md5(coalesce(string_agg(line, '|' ORDER BY line), '')) AS md5 FROM v`,
  ],
  [
    'review pairs',
    sql`${named}, v AS (SELECT a.name || '~' || b.name || '/' || ra.ext || '~' || rb.ext || '/' || round(q.score::numeric, 6) ||
        '/' || q.status || '/' || q.model_version || '/' || md5(q.explanation::text) AS line
      FROM review_pair q JOIN pn a ON a.person_id = q.left_person_id JOIN pn b ON b.person_id = q.right_person_id
      JOIN rn ra ON ra.id = q.left_record_id JOIN rn rb ON rb.id = q.right_record_id)
      SELECT count(*)::int AS n, md5(coalesce(string_agg(line, '|' ORDER BY line), '')) AS md5 FROM v`,
  ],
  [
    'records (content)',
    sql`SELECT count(*)::int AS n, md5(coalesce(string_agg(line, '|' ORDER BY line), '')) AS md5 FROM (
      SELECT concat_ws('/', s.name, r.external_id, r.family_name, r.given_name, r.patronymic, r.sex, r.birth_date,
        r.category, r.status, r.unit, r.key_family, r.key_family_phonetic, r.key_given, r.key_father, r.keys_version,
        r.import_line, r.attributes::text, r.reliability, r.entered_by) AS line
      FROM record r JOIN source s ON s.id = r.source_id) x`,
  ],
  [
    'name counts',
    sql`SELECT count(*)::int AS n, md5(coalesce(string_agg(line, '|' ORDER BY line), '')) AS md5 FROM (
      SELECT kind || '/' || key || '/' || sum(n) AS line FROM name_frequency GROUP BY kind, key) x`,
  ],
  [
    'family keys',
    sql`SELECT count(*)::int AS n, md5(coalesce(string_agg(key, '|' ORDER BY key), '')) AS md5 FROM family_key`,
  ],
  [
    'audit entries (actions)',
    sql`SELECT count(*)::int AS n, md5(coalesce(string_agg(action || '/' || object_type || '/' || regexp_replace(detail::text, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'id', 'g'), '|' ORDER BY seq), '')) AS md5 FROM audit_entry`,
  ],
];

/**
 * What a linked import left in a registry, part by part as `count md5`, to compare two import paths
 * (bench/importDigest.ts, firstLoad.int.test.ts): the persons as partitions of records (each named by its
 * records' sorted source:external ids) and their best views, the links with kind and score, the status
 * events, the review pairs, the records, the name counts, the family keys and the audit entries (ids in their
 * details left out). Ids and
 * times are left out (they differ between runs); everything else must be equal.
 */
export async function registryDigest(db: Kysely<DB>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, q] of PARTS) {
    const r = (await q.execute(db)).rows[0];
    out[name] = `${r?.n ?? 0} ${r?.md5 ?? ''}`;
  }
  return out;
}
