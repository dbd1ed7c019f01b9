import { can, type Permission, type Principal } from '../auth/permissions.js';
import { AppError } from '../errors.js';
import { principalKindOf } from './principal.js';
import { inScope, personScopeOf } from './scope.js';

/** The kinds of object the gate guards. */
export const OBJECT_KINDS = [
  'person',
  'record',
  'event',
  'link',
  'review_pair',
  'export',
  'audit_entry',
  'exchange',
  'enemy_pow',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** What may be done to an object: read one, list many, search by name, create one, change one. */
export const OPERATIONS = ['read', 'list', 'search', 'create', 'change'] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * The permission each operation on each object kind needs; an operation not listed is refused to
 * everyone (deny by default). Pure data: later issues add their object kinds (tracing requests,
 * exchange entries) and operations here.
 */
export const OBJECT_POLICY: { readonly [K in ObjectKind]: Partial<Record<Operation, Permission>> } = {
  person: { read: 'person:read', list: 'person:read', search: 'person:search', change: 'person:withhold' },
  record: { read: 'record:read', create: 'record:create' },
  event: { read: 'person:read', create: 'event:create' },
  // Changing a link is splitting records off a person (merging is deciding a review pair).
  link: { read: 'person:read', change: 'review:decide' },
  review_pair: { list: 'review:read', change: 'review:decide' },
  export: { create: 'export:run' },
  audit_entry: { list: 'audit:read' },
  // Exchanges and their lists (issue #13): an exchange belongs to one organisation, like its persons.
  exchange: {
    read: 'exchange:read',
    list: 'exchange:read',
    create: 'exchange:manage',
    change: 'exchange:manage',
  },
  // The register of enemy prisoners held (GC III Art. 122).
  enemy_pow: { list: 'enemy_pow:read', create: 'enemy_pow:manage' },
};

/** The object an operation touches, as far as scope is concerned: its person, or an audit entry's organisation. */
export type PolicyTarget =
  | { kind: 'person'; organisation_id: string; withheld: boolean }
  | { kind: 'persons'; persons: { organisation_id: string; withheld: boolean }[] }
  | { kind: 'audit'; organisation_id: string | null }
  | { kind: 'none' };

/**
 * Whether the policy lets a principal do an operation on an object: the permission the table names,
 * and the object inside the principal's scope (every person it touches, for a pair or a merge).
 */
export function policyAllows(
  principal: Principal | null,
  object: ObjectKind,
  op: Operation,
  target: PolicyTarget,
): boolean {
  const permission = OBJECT_POLICY[object][op];
  if (permission === undefined || principal === null || !can(principal, permission)) return false;
  // Withholding needs to see withheld persons too, so whoever withholds can undo it.
  if (object === 'person' && op === 'change' && !can(principal, 'person:read_withheld')) return false;
  switch (target.kind) {
    case 'person':
      return inScope(personScopeOf(principal), target);
    case 'persons':
      return target.persons.every((p) => inScope(personScopeOf(principal), p));
    case 'audit':
      return auditScopeAllows(principal, target.organisation_id);
    case 'none':
      return personScopeOf(principal).kind !== 'none' || object === 'audit_entry';
  }
}

/**
 * Which audit entries a principal may read: a registry auditor (and the command line) every entry, an
 * organisation's auditor the entries its organisation's principals wrote; nobody else any.
 */
export type AuditScope =
  { kind: 'none' } | { kind: 'organisation'; organisationId: string } | { kind: 'registry' };

/** The audit entries a principal may read. */
export function auditScopeOf(principal: Principal | null): AuditScope {
  if (principal === null || !can(principal, 'audit:read')) return { kind: 'none' };
  const kind = principalKindOf(principal);
  if (kind === 'registry' && (principal.role === 'registry_auditor' || principal.kind === 'cli'))
    return { kind: 'registry' };
  if (kind === 'staff' && principal.organisationId !== undefined)
    return { kind: 'organisation', organisationId: principal.organisationId };
  return { kind: 'none' };
}

function auditScopeAllows(principal: Principal, organisationId: string | null): boolean {
  const scope = auditScopeOf(principal);
  return (
    scope.kind === 'registry' || (scope.kind === 'organisation' && scope.organisationId === organisationId)
  );
}

/**
 * Refuses (403) a principal whose role does not hold the permission the policy names for an operation;
 * services call it first, so that the gate holds whoever calls them (HTTP checks the same before).
 */
export function authorize(principal: Principal | null, object: ObjectKind, op: Operation): void {
  const permission = OBJECT_POLICY[object][op];
  if (permission === undefined || principal === null || !can(principal, permission))
    throw new AppError('forbidden', 'not permitted');
}
