import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { PREPARED } from '../db/database.js';
import { can, REGISTRY_ORGANISATION_ID, type Principal } from '../auth/permissions.js';
import type { DB } from '../db/schema.js';
import { AccessDeniedError, AppError } from '../errors.js';
import type { AuditObjectType } from '../modules/audit/log.js';
import type { AuditScope } from './policy.js';
import { principalKindOf } from './principal.js';

/**
 * Which persons a principal may see, as the gate applies it in SQL: none at all (deny by default), one
 * organisation's, or the whole registry's (the command line only); withheld persons (GC IV Art. 137)
 * only with `person:read_withheld`.
 */
export type PersonScope =
  | { kind: 'none' }
  | { kind: 'organisation'; organisationId: string; includeWithheld: boolean }
  | { kind: 'registry'; includeWithheld: boolean };

/** The persons a principal may see. Relatives, the public and partners reach no person through staff code. */
export function personScopeOf(principal: Principal | null): PersonScope {
  if (principal === null) return { kind: 'none' };
  const includeWithheld = can(principal, 'person:read_withheld');
  switch (principalKindOf(principal)) {
    case 'staff':
      return { kind: 'organisation', organisationId: principal.organisationId as string, includeWithheld };
    case 'registry':
      // Registry-wide person data is the command line's alone; the admin and the registry auditor
      // hold no person permission, and see no person.
      return principal.kind === 'cli' ? { kind: 'registry', includeWithheld } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

/** Whether a person row is inside a scope. */
export function inScope(scope: PersonScope, p: { organisation_id: string; withheld: boolean }): boolean {
  switch (scope.kind) {
    case 'none':
      return false;
    case 'organisation':
      return p.organisation_id === scope.organisationId && (scope.includeWithheld || !p.withheld);
    case 'registry':
      return scope.includeWithheld || !p.withheld;
  }
}

/**
 * The SQL condition "this person row is in scope", over the `person` table under `alias`: put it in the
 * WHERE (or JOIN … ON) of the query itself, before any LIMIT, so out-of-scope rows never take a place.
 */
export function personVisible(scope: PersonScope, alias = 'person'): RawBuilder<SqlBool> {
  const org = sql.ref(`${alias}.organisation_id`);
  const withheld = sql.ref(`${alias}.withheld`);
  switch (scope.kind) {
    case 'none':
      return sql<SqlBool>`false`;
    case 'organisation':
      return scope.includeWithheld
        ? sql<SqlBool>`${org} = ${scope.organisationId}::uuid`
        : sql<SqlBool>`(${org} = ${scope.organisationId}::uuid AND NOT ${withheld})`;
    case 'registry':
      return scope.includeWithheld ? sql<SqlBool>`true` : sql<SqlBool>`NOT ${withheld}`;
  }
}

/**
 * The ids of persons outside `scope` (those `personVisible` refuses), as an SQL array of at most `cap` + 1
 * ids read by index ranges: other organisations' persons (person_organisation, below and above the scope's
 * own) and, without `person:read_withheld`, withheld ones (migration 0053's partial index). An array of `cap`
 * ids or fewer is every such person, so that "not among them" is the scope itself, as one statement's
 * snapshot sees it (every record's person exists: record.person_id's foreign key); one of `cap` + 1 is not
 * (some persons may be listed twice: then merely too many). Null when no person or every person is in scope.
 */
export function personsOutsideScope(scope: PersonScope, cap: number): RawBuilder<string[]> | null {
  const limit = sql.lit(cap + 1);
  const withheld = sql`(SELECT id FROM person WHERE withheld LIMIT ${limit})`;
  let parts: RawBuilder<unknown>[];
  switch (scope.kind) {
    case 'none':
      return null;
    case 'organisation':
      parts = [
        sql`(SELECT id FROM person WHERE organisation_id < ${scope.organisationId}::uuid LIMIT ${limit})`,
        sql`(SELECT id FROM person WHERE organisation_id > ${scope.organisationId}::uuid LIMIT ${limit})`,
        ...(scope.includeWithheld ? [] : [withheld]),
      ];
      break;
    case 'registry':
      if (scope.includeWithheld) return null;
      parts = [withheld];
      break;
  }
  return sql<
    string[]
  >`ARRAY(SELECT id FROM (${sql.join(parts, sql` UNION ALL `)}) AS outside LIMIT ${limit})`;
}

/** Whether a scope lets every person through (so a query need not join `person` to check it). */
export function scopeIsEverything(scope: PersonScope): boolean {
  return scope.kind === 'registry' && scope.includeWithheld;
}

/** The ids of the (unmerged) persons in scope, as a subquery. */
export function visiblePersonIds(db: Kysely<DB>, scope: PersonScope) {
  return db.selectFrom('person').select('person.id').where(personVisible(scope, 'person'));
}

/** The subset of these person ids that the scope lets through (deny by default: unknown ids drop out). */
export async function permittedPersonIds(
  db: Kysely<DB>,
  scope: PersonScope,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0 || scope.kind === 'none') return new Set();
  const rows = await db
    .selectFrom('person')
    .select('person.id')
    .where('person.id', 'in', [...new Set(ids)])
    .where(personVisible(scope, 'person'))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** A person as the gate hands it to a command: its id, organisation and withhold flag. */
export interface GatedPerson {
  id: string;
  organisation_id: string;
  withheld: boolean;
  merged_into: string | null;
}

/**
 * Loads one person for a principal, optionally locked (`FOR UPDATE`) for a command: a missing person and
 * one out of scope both throw the same 404 (`as` names what the caller asked for), and both are audited
 * as denials by the error handler, so neither the answer nor its timing tells them apart.
 */
export async function requirePerson(
  db: Kysely<DB>,
  principal: Principal,
  id: string,
  opts: { lock?: boolean; unmerged?: boolean; as?: { type: AuditObjectType; id: string } } = {},
): Promise<GatedPerson> {
  const as = opts.as ?? { type: 'person', id };
  let q = db
    .selectFrom('person')
    .select(['id', 'organisation_id', 'withheld', 'merged_into'])
    .where('id', '=', id);
  if (opts.unmerged === true) q = q.where('merged_into', 'is', null);
  const person = await (opts.lock === true ? q.forUpdate() : q).modifyEnd(PREPARED).executeTakeFirst();
  if (!person) throw new AccessDeniedError(as.type, as.id, 'missing');
  if (!inScope(personScopeOf(principal), person)) throw new AccessDeniedError(as.type, as.id, 'out_of_scope');
  return person;
}

/** Refuses an object the caller may not see, exactly like a missing one (and audited as a denial). */
export function denyObject(
  type: AuditObjectType,
  id: string,
  reason: 'missing' | 'out_of_scope',
): AccessDeniedError {
  return new AccessDeniedError(type, id, reason);
}

/**
 * The organisation a principal's writes belong to (new persons, sources, import runs): a staff member's
 * own; the command line's registry-wide actions write into the built-in Registry organisation. Any other
 * principal writes nothing.
 */
export function writeOrganisationOf(principal: Principal): string {
  const scope = personScopeOf(principal);
  if (scope.kind === 'organisation') return scope.organisationId;
  if (scope.kind === 'registry') return principal.organisationId ?? REGISTRY_ORGANISATION_ID;
  throw new AppError('forbidden', 'not permitted');
}

/** The SQL condition "this audit entry is readable" for an audit scope (over `audit_entry`). */
export function auditVisible(scope: AuditScope): RawBuilder<SqlBool> {
  switch (scope.kind) {
    case 'none':
      return sql<SqlBool>`false`;
    case 'organisation':
      return sql<SqlBool>`audit_entry.organisation_id = ${scope.organisationId}::uuid`;
    case 'registry':
      return sql<SqlBool>`true`;
  }
}
