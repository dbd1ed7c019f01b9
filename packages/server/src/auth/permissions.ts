/**
 * Who may do what: the staff roles of DESIGN.md and the permissions each holds. Pure data, deny by
 * default: a permission no role lists is held by nobody.
 */
export const PERMISSIONS = [
  'person:read',
  'person:search',
  'record:read',
  'record:create',
  'event:create',
  'import:run',
  'export:run',
  'review:read',
  'review:decide',
  'link:run',
  'person:withhold',
  'person:read_withheld',
  'person:read_sensitive',
  'audit:read',
  'audit:verify',
  'user:manage',
  // Tracing requests (issue #12): reading the queue and files; verifying, linking, answering, messages.
  'tracing:read',
  'tracing:manage',
  // Mail waiting in the outbox (undelivered mail is visible to admins).
  'outbox:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'registrar',
  'analyst',
  'exchange_coordinator',
  'publisher',
  'auditor',
  'admin',
  'tracing_officer',
] as const;
export type Role = (typeof ROLES)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  registrar: [
    'person:read',
    'person:search',
    'record:read',
    'record:create',
    'event:create',
    'import:run',
    'export:run',
    'review:read',
    'review:decide',
    'link:run',
    'person:withhold',
    'person:read_withheld',
    'person:read_sensitive',
    'tracing:read',
    'tracing:manage',
  ],
  analyst: ['person:read', 'person:search', 'record:read', 'review:read', 'review:decide', 'link:run'],
  // Exchange lists are built by health category (GC III Art. 109-110), so coordinators see health details.
  exchange_coordinator: [
    'person:read',
    'person:search',
    'record:read',
    'event:create',
    'person:read_sensitive',
  ],
  publisher: [],
  auditor: ['audit:read', 'audit:verify'],
  admin: ['user:manage', 'outbox:read'],
  // Tracing officers triage requests, verify kinship, match them to persons and answer families.
  tracing_officer: ['person:read', 'person:search', 'record:read', 'tracing:read', 'tracing:manage'],
};

/** How a principal proved who it is: a browser session, an API token, or the command line. */
export type PrincipalKind = 'user' | 'token' | 'cli';

/** Whoever a request acts for. */
export interface Principal {
  /** A stable id written into records and events as "entered by" (never a name). */
  id: string;
  role: Role;
  /** The organisation whose persons it may see. Absent only for the command line (the whole registry). */
  organisationId?: string;
  /** The credential used; absent means `user`. */
  kind?: PrincipalKind;
  /** For an API token: the permissions it is limited to (within its user's role). */
  scopes?: readonly Permission[];
}

/** The id of the built-in organisation (migration 0004). */
export const REGISTRY_ORGANISATION_ID = '00000000-0000-7000-8000-000000000001';

/** The permissions a role holds. */
export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/** Whether the principal's role (and, for a token, its scopes) grants the permission. */
export function can(principal: Principal | null, permission: Permission): boolean {
  if (principal === null || !ROLE_PERMISSIONS[principal.role].includes(permission)) return false;
  return principal.scopes === undefined || principal.scopes.includes(permission);
}

/** The permissions a principal effectively holds. */
export function effectivePermissions(principal: Principal): Permission[] {
  return PERMISSIONS.filter((p) => can(principal, p));
}

/** The principal the command line acts as: the operator at the terminal, over the whole registry. */
export const CLI_PRINCIPAL: Principal = { id: 'cli', role: 'registrar', kind: 'cli' };

/** The principal of a staff user (signed in with a session). */
export function principalOfUserId(id: string, role: Role, organisationId: string): Principal {
  return { id, role, organisationId, kind: 'user' };
}
