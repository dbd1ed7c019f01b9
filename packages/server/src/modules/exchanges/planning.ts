/**
 * Planning and figures of an exchange (issue #13, 5 and 7): the pools (our people held, theirs we hold),
 * who of ours is in the pool but on no list, the N-for-N order by the Convention's priorities, and the
 * figures of a reconciled exchange — generated from the data, never typed. Persons are read through the
 * gate's scope in SQL.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { authorize } from '../../gate/policy.js';
import { personScopeOf, personVisible } from '../../gate/scope.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import { newId } from '../../db/ids.js';
import type { EntryCategory } from './lists.js';
import {
  insertSteps,
  insertVersion,
  selectCurrentSteps,
  selectEntries,
  selectExchange,
  selectReconciliation,
  selectVersions,
} from './repo.js';
import { powContent } from './service.js';

const HELD = sql`(p.status IN ('captivity_reported', 'captivity_confirmed')
  OR (p.category = 'civilian_detainee' AND p.status NOT IN ('returned', 'death_reported', 'death_confirmed')))`;

/** The day of a person's earliest captivity event (the start of their captivity as far as is known). */
const CAPTIVITY_SINCE = sql`(SELECT min(e.occurred_on) FROM event e WHERE e.person_id = p.id
  AND e.type IN ('captivity_reported', 'captivity_confirmed'))`;

async function gated(database: Database, principal: Principal, id: string) {
  authorize(principal, 'exchange', 'read');
  authorize(principal, 'person', 'list');
  const x = await selectExchange(database.db, id);
  const scope = personScopeOf(principal);
  if (
    x === undefined ||
    !(
      scope.kind === 'registry' ||
      (scope.kind === 'organisation' && scope.organisationId === x.organisation_id)
    )
  )
    throw new AppError('not_found', 'exchange not found');
  return { x, scope };
}

const ageOn = (birth: string | null, on: string): number | null => {
  if (birth === null) return null;
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  if (by === undefined || y === undefined) return null;
  let age = y - by;
  if (
    bm !== undefined &&
    m !== undefined &&
    (m < bm || (m === bm && bd !== undefined && d !== undefined && d < bd))
  )
    age--;
  return age;
};

/** The pools, the gaps and the proposed order of an exchange. */
export async function exchangePlanning(
  database: Database,
  principal: Principal,
  exchangeId: string,
  audit: AuditContext = {},
) {
  const { x, scope } = await gated(database, principal, exchangeId);
  const visible = personVisible(scope, 'p');
  const pool = await sql<{ category: string; n: number }>`
    SELECT p.category, count(*)::int AS n FROM person p
    WHERE p.merged_into IS NULL AND ${visible} AND ${HELD} GROUP BY p.category ORDER BY p.category`.execute(
    database.db,
  );
  const theirs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM enemy_pow
    WHERE organisation_id = ${x.organisation_id}::uuid AND state = 'held'`.execute(database.db);
  const versions = await selectVersions(database.db, x.id, 'ours');
  const latest = versions.at(-1);
  const entries = latest === undefined ? [] : await selectEntries(database.db, latest.id);
  const listed = entries.flatMap((e) => (e.person_id === null ? [] : [e.person_id]));
  const gaps = await sql<{
    id: string;
    family_name: string | null;
    given_name: string | null;
    patronymic: string | null;
    birth_date: string | null;
    category: string;
    status: string;
    captivity_since: string | null;
  }>`SELECT p.id, p.family_name, p.given_name, p.patronymic, p.birth_date, p.category, p.status,
      ${CAPTIVITY_SINCE} AS captivity_since
    FROM person p
    WHERE p.merged_into IS NULL AND ${visible} AND ${HELD} AND NOT (p.id = ANY(${listed}::uuid[]))
    ORDER BY captivity_since NULLS LAST, p.id LIMIT 1000`.execute(database.db);
  const since = await sql<{ id: string; captivity_since: string | null }>`
    SELECT p.id, ${CAPTIVITY_SINCE} AS captivity_since FROM person p
    WHERE p.id = ANY(${listed}::uuid[]) AND ${visible}`.execute(database.db);
  const sinceOf = new Map(since.rows.map((r) => [r.id, r.captivity_since]));
  // GC III Art. 109-110: the seriously wounded and sick first; then the longest in captivity.
  const order = entries
    .map((e) => ({
      external_id: e.external_id,
      person_id: e.person_id,
      seriously_wounded_sick: e.categories.includes('seriously_wounded_sick'),
      captivity_since: e.person_id === null ? null : (sinceOf.get(e.person_id) ?? null),
      line: e.line,
    }))
    .sort(
      (a, b) =>
        Number(b.seriously_wounded_sick) - Number(a.seriously_wounded_sick) ||
        (a.captivity_since ?? '9999').localeCompare(b.captivity_since ?? '9999') ||
        a.line - b.line,
    )
    .map(({ line: _line, ...rest }, i) => ({ rank: i + 1, ...rest }));
  await appendAudit(
    database.db,
    principal,
    { action: 'exchange.read', objectType: 'exchange', objectId: x.id, detail: { view: 'planning' } },
    audit,
  );
  return {
    exchange_id: x.id,
    formula: x.formula,
    pools: {
      ours: Object.fromEntries(pool.rows.map((r) => [r.category, r.n])),
      theirs_held: theirs.rows[0]?.n ?? 0,
    },
    list_version: latest?.version ?? null,
    gaps: gaps.rows,
    order,
  };
}

/**
 * The figures of a reconciled exchange: returned by outcome, category and entry category, officers,
 * youngest and oldest, days in captivity. Aggregates only.
 */
export async function exchangeFigures(database: Database, principal: Principal, exchangeId: string) {
  const { x, scope } = await gated(database, principal, exchangeId);
  const done = await selectReconciliation(database.db, x.id);
  if (done === null) throw new AppError('not_found', 'the exchange has not been reconciled yet');
  const entries = await selectEntries(database.db, done.head.list_version_id);
  const entryOf = new Map(entries.map((e) => [e.external_id, e]));
  const returned = done.rows.filter((r) => r.outcome !== 'not_returned' && r.person_id !== null);
  const ids = returned.map((r) => r.person_id as string);
  const people = await sql<{
    id: string;
    category: string;
    birth_date: string | null;
    captivity_since: string | null;
    rank: string | null;
  }>`
    SELECT p.id, p.category, p.birth_date, ${CAPTIVITY_SINCE} AS captivity_since,
      (SELECT r.military_rank FROM record r WHERE r.person_id = p.id AND r.military_rank IS NOT NULL LIMIT 1) AS rank
    FROM person p WHERE p.id = ANY(${ids}::uuid[]) AND ${personVisible(scope, 'p')}`.execute(database.db);
  const on = x.held_on ?? done.head.created_at.toISOString().slice(0, 10);
  const byCategory: Record<string, number> = {};
  const byEntryCategory: Record<string, number> = {};
  let officers = 0;
  const ages: number[] = [];
  const days: number[] = [];
  for (const r of returned) {
    const entry = r.entry_external_id === null ? undefined : entryOf.get(r.entry_external_id);
    for (const c of entry?.categories ?? []) byEntryCategory[c] = (byEntryCategory[c] ?? 0) + 1;
  }
  const officerEntries = new Set(
    returned
      .filter((r) => entryOf.get(r.entry_external_id ?? '')?.categories.includes('officer'))
      .map((r) => r.person_id),
  );
  for (const p of people.rows) {
    byCategory[p.category] = (byCategory[p.category] ?? 0) + 1;
    if (officerEntries.has(p.id)) officers++;
    const age = ageOn(p.birth_date, on);
    if (age !== null) ages.push(age);
    if (p.captivity_since !== null && p.captivity_since.length === 10)
      days.push(Math.round((Date.parse(on) - Date.parse(p.captivity_since)) / 86_400_000));
  }
  ages.sort((a, b) => a - b);
  days.sort((a, b) => a - b);
  const counts: Record<string, number> = {
    returned: 0,
    returned_unlisted: 0,
    returned_unknown: 0,
    not_returned: 0,
  };
  for (const r of done.rows) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  return {
    exchange_id: x.id,
    held_on: on,
    outcomes: counts,
    returned_total: returned.length,
    by_category: byCategory,
    military: byCategory['military'] ?? 0,
    civilian: byCategory['civilian_detainee'] ?? 0,
    officers,
    by_entry_category: byEntryCategory,
    youngest_age: ages[0] ?? null,
    oldest_age: ages.at(-1) ?? null,
    days_in_captivity:
      days.length === 0
        ? null
        : {
            known: days.length,
            min: days[0] as number,
            median: days[Math.floor(days.length / 2)] as number,
            max: days.at(-1) as number,
          },
  };
}

/** The formula categories the registry itself can tell of a held person (the others need a commission). */
const REGISTRY_CATEGORIES = ['civilian', 'child', 'age_18_25'] as const;

/**
 * For an all-for-all exchange of named categories, the complete list of those categories from the pool
 * (our people held, within the principal's scope), written as a new version of our side's list: each
 * entry is a registry person (its id is the entry's external_id, stable across versions), linked outright.
 * Categories the registry cannot tell (seriously wounded and sick: the medical commission; officers;
 * bodies) are refused with a clear answer: that list comes from the commission's file.
 */
export async function generateCategoryList(
  database: Database,
  principal: Principal,
  exchangeId: string,
  audit: AuditContext = {},
): Promise<{ version: number; version_id: string; rows: number }> {
  const { x, scope } = await gated(database, principal, exchangeId);
  authorize(principal, 'exchange', 'change');
  if (x.formula !== 'all_for_all')
    throw new AppError(
      'conflict',
      `the exchange's formula is ${x.formula}: a complete list of a category is generated for an all-for-all exchange`,
    );
  const unknown = x.formula_categories.filter((c) => !(REGISTRY_CATEGORIES as readonly string[]).includes(c));
  if (unknown.length > 0)
    throw new AppError(
      'bad_request',
      `the registry cannot tell ${unknown.join(', ')} of a person; add that list from the medical commission's (or the unit's) file with \`homecoming exchange list\``,
    );
  const on = x.held_on ?? new Date().toISOString().slice(0, 10);
  const people = await sql<{
    id: string;
    family_name: string | null;
    given_name: string | null;
    patronymic: string | null;
    sex: 'male' | 'female' | null;
    birth_date: string | null;
    category: string;
  }>`SELECT p.id, p.family_name, p.given_name, p.patronymic, p.sex, p.birth_date, p.category
    FROM person p WHERE p.merged_into IS NULL AND ${personVisible(scope, 'p')} AND ${HELD}
    ORDER BY p.family_name, p.given_name, p.id`.execute(database.db);
  const wanted = new Set(x.formula_categories);
  const categoriesOf = (p: (typeof people.rows)[number]): EntryCategory[] => {
    const age = ageOn(p.birth_date, on);
    const out: EntryCategory[] = [];
    if (p.category === 'civilian_detainee') out.push('civilian');
    if (age !== null && age < 18) out.push('child');
    if (age !== null && age >= 18 && age <= 25) out.push('age_18_25');
    return out;
  };
  const chosen = people.rows.flatMap((p) => {
    const cats = categoriesOf(p);
    return wanted.size === 0 || cats.some((c) => wanted.has(c)) ? [{ p, cats }] : [];
  });
  if (chosen.length === 0)
    throw new AppError(
      'not_found',
      `nobody in the pool of our people held is ${x.formula_categories.join(' or ') || 'held'}; no list was written`,
    );
  const versionId = newId();
  const sha256 = crypto
    .createHash('sha256')
    .update(chosen.map((c) => c.p.id).join('\n'))
    .digest('hex');
  const version = await database.db.transaction().execute(async (trx) => {
    await selectExchange(trx, x.id, true);
    const prior = await selectVersions(trx, x.id, 'ours');
    const version = (prior.at(-1)?.version ?? 0) + 1;
    await insertVersion(
      trx,
      {
        id: versionId,
        exchange_id: x.id,
        side: 'ours',
        version,
        file_sha256: sha256,
        file_name: `generated: all for all (${x.formula_categories.join(', ') || 'everyone held'})`,
        rows: chosen.length,
        created_by: principal.id,
      },
      chosen.map(({ p, cats }, i) => ({
        line: i + 1,
        external_id: p.id,
        family_name: p.family_name,
        given_name: p.given_name,
        patronymic: p.patronymic,
        birth_date: p.birth_date,
        categories: cats,
        content: { ...powContent({ ...p, unit: null, service_number: null }), category: null },
        decision: 'match' as const,
        person_id: p.id,
        pow_id: null,
        score: null,
        alternatives: [],
      })),
    );
    const current = await selectCurrentSteps(trx, x.id, 'ours');
    await insertSteps(
      trx,
      x.id,
      chosen
        .filter(({ p }) => !current.has(p.id))
        .map(({ p }) => ({
          side: 'ours' as const,
          external_id: p.id,
          state: 'proposed' as const,
          reason: null,
          person_id: p.id,
          evidence: null,
          note: 'generated (all for all)',
        })),
      principal.id,
    );
    await appendAudit(
      trx,
      principal,
      {
        action: 'exchange.list_version',
        objectType: 'exchange_list_version',
        objectId: versionId,
        detail: { exchange_id: x.id, side: 'ours', version, rows: chosen.length, generated: true },
      },
      audit,
    );
    return version;
  });
  return { version, version_id: versionId, rows: chosen.length };
}
