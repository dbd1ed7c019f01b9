import { nameKeys, parseName, type ParsedName } from '@homecoming/names';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { parsePartialDate, type PartialDate } from '../records/validate.js';
import {
  CONFIDENT_SCORE,
  scoreCandidate,
  type CandidateKeys,
  type Explanation,
  type QueryKeys,
} from './score.js';
import type { TSearchHit, TSearchPersonsResponse } from './schemas.js';

/** Below this score a candidate is noise and is not returned at all. */
const MIN_SCORE = 3;
/** How many candidate records each retrieval branch may bring; keeps a common name's query bounded. */
const BRANCH_LIMIT = 400;

interface Candidate extends CandidateKeys {
  id: string;
  person_id: string;
  external_id: string;
  source_name: string;
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
}

/**
 * The readings of a typed name worth trying: as parsed, and with family and given swapped (free text
 * gives no sure order: "Petro Bondar" and "Bondar Petro" are both common).
 */
function readings(parsed: ParsedName): QueryKeys[] {
  const out: ParsedName[] = [parsed];
  if (parsed.family && parsed.given) out.push({ ...parsed, family: parsed.given, given: parsed.family });
  if (parsed.family && !parsed.given && parsed.initials.length === 0 && parsed.patronymic === null) {
    out.push({ ...parsed, family: null, given: parsed.family });
  }
  return out.map((p) => {
    const k = nameKeys(p);
    return {
      family: k.family || null,
      familyPhonetic: k.familyPhonetic || null,
      given: k.given || null,
      givenInitial: k.givenInitial || null,
      father: k.father || null,
    };
  });
}

const nonEmpty = (xs: (string | null)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))];

/**
 * Candidate records for the readings, each branch an index lookup: the same family key (or phonetic
 * key) with the same given-name class; the same family key alone (a given name with a typo); the same
 * given and father classes (a family name with a typo); a trigram-close family key with the same given
 * class. A birth year, when given, narrows the broad branches (±1 year, or unknown).
 */
async function candidates(
  database: Database,
  qs: QueryKeys[],
  birth: PartialDate | null,
): Promise<Candidate[]> {
  const fams = nonEmpty(qs.map((q) => q.family));
  const phons = nonEmpty(qs.map((q) => q.familyPhonetic));
  const givens = nonEmpty(qs.map((q) => q.given));
  const fathers = nonEmpty(qs.map((q) => q.father));
  if (fams.length === 0 && givens.length === 0) return [];
  const year = birth?.year ?? null;
  const near =
    year === null
      ? sql`true`
      : sql`(r.birth_year IS NULL OR r.birth_year BETWEEN ${year - 1} AND ${year + 1})`;
  const branches = [];
  if (fams.length && givens.length) {
    branches.push(
      sql`SELECT r.id FROM record r WHERE r.key_family = ANY(${fams}::text[]) AND r.key_given = ANY(${givens}::text[]) LIMIT ${BRANCH_LIMIT}`,
    );
  }
  if (phons.length && givens.length) {
    branches.push(
      sql`SELECT r.id FROM record r WHERE r.key_family_phonetic = ANY(${phons}::text[]) AND r.key_given = ANY(${givens}::text[]) LIMIT ${BRANCH_LIMIT}`,
    );
  }
  if (fams.length) {
    branches.push(
      sql`SELECT r.id FROM record r WHERE r.key_family = ANY(${fams}::text[]) AND ${near} LIMIT ${BRANCH_LIMIT}`,
    );
    branches.push(
      sql`SELECT r.id FROM record r WHERE r.key_family_phonetic = ANY(${phons}::text[]) AND ${near} LIMIT ${BRANCH_LIMIT}`,
    );
  }
  if (givens.length && fathers.length) {
    branches.push(
      sql`SELECT r.id FROM record r WHERE r.key_given = ANY(${givens}::text[]) AND r.key_father = ANY(${fathers}::text[]) AND ${near} LIMIT ${BRANCH_LIMIT}`,
    );
  }
  for (const f of fams.filter((f) => f.length >= 4).slice(0, 3)) {
    if (givens.length) {
      branches.push(
        sql`SELECT r.id FROM record r WHERE r.key_family % ${f} AND r.key_given = ANY(${givens}::text[]) LIMIT ${BRANCH_LIMIT}`,
      );
    }
  }
  const union = sql.join(
    branches.map((b) => sql`(${b})`),
    sql` UNION `,
  );
  const rows = await sql<Candidate>`
    SELECT r.id, r.person_id, r.external_id, s.name AS source_name, r.family_name, r.given_name, r.patronymic,
      r.birth_date, r.key_family, r.key_family_phonetic, r.key_given, r.key_father
    FROM (${union}) AS c JOIN record r ON r.id = c.id JOIN source s ON s.id = r.source_id`.execute(
    database.db,
  );
  return rows.rows;
}

/**
 * Finds the persons a typed name (any script, order, spelling; with typos) and an optional birth date
 * most likely describe, best first, each with why it matched. Only candidates that score above noise
 * are returned; `confident` marks those good enough to act on.
 */
export async function searchPersons(
  database: Database,
  input: { q: string; birth?: string | undefined; limit: number },
): Promise<TSearchPersonsResponse> {
  let birth: PartialDate | null = null;
  if (input.birth) {
    const b = parsePartialDate(input.birth);
    if (typeof b === 'string')
      throw new AppError('validation_failed', `birth: ${b}`, [{ path: 'birth', message: b }]);
    birth = b;
  }
  const parsed = parseName(input.q);
  const query = {
    family: parsed.family,
    given: parsed.given,
    patronymic: parsed.patronymic,
    birth: birth?.text ?? null,
  };
  const qs = readings(parsed);
  const found = await candidates(database, qs, birth);

  const best = new Map<string, { c: Candidate; e: Explanation }>();
  for (const c of found) {
    let e: Explanation | null = null;
    for (const q of qs) {
      const x = scoreCandidate(q, birth, c);
      if (e === null || x.score > e.score) e = x;
    }
    if (e === null || e.score < MIN_SCORE) continue;
    const prev = best.get(c.person_id);
    if (!prev || e.score > prev.e.score || (e.score === prev.e.score && c.external_id < prev.c.external_id)) {
      best.set(c.person_id, { c, e });
    }
  }
  const top = [...best.values()]
    .sort((a, b) => b.e.score - a.e.score || a.c.person_id.localeCompare(b.c.person_id))
    .slice(0, input.limit);
  if (top.length === 0) return { query, hits: [] };

  const ids = top.map((t) => t.c.person_id);
  const [persons, records] = await Promise.all([
    database.db
      .selectFrom('person')
      .select(['id', 'family_name', 'given_name', 'patronymic', 'names', 'birth_date', 'category', 'status'])
      .where('id', 'in', ids)
      .execute(),
    database.db
      .selectFrom('record')
      .select(['person_id', 'external_id'])
      .where('person_id', 'in', ids)
      .orderBy('external_id')
      .execute(),
  ]);
  const personById = new Map(persons.map((p) => [p.id, p]));
  const hits: TSearchHit[] = [];
  for (const { c, e } of top) {
    const p = personById.get(c.person_id);
    if (!p) continue;
    hits.push({
      person_id: p.id,
      score: Math.round(e.score * 100) / 100,
      confident: e.score >= CONFIDENT_SCORE,
      person: {
        family_name: p.family_name,
        given_name: p.given_name,
        patronymic: p.patronymic,
        names: p.names,
        birth_date: p.birth_date,
        category: p.category,
        status: p.status,
      },
      record_ids: records.filter((r) => r.person_id === p.id).map((r) => r.external_id),
      why: {
        record_id: c.external_id,
        source: c.source_name,
        name: { family_name: c.family_name, given_name: c.given_name, patronymic: c.patronymic },
        birth_date: c.birth_date,
        family: e.family,
        given: e.given,
        father: e.father,
        birth: e.birth,
        contributions: e.contributions,
      },
    });
  }
  return { query, hits };
}
