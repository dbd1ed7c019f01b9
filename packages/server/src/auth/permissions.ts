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
  'statistics:draft',
  'statistics:publish',
  // Tracing requests (issue #12): reading the queue and files; verifying, linking, answering, messages.
  'tracing:read',
  'tracing:manage',
  // Mail waiting in the outbox (undelivered mail is visible to admins).
  'outbox:read',
  // Exchanges (issue #13): exchanges, their lists, verification and reconciliation; the register of
  // enemy prisoners held (GC III Art. 122), its own permission.
  'exchange:read',
  'exchange:manage',
  'enemy_pow:read',
  'enemy_pow:manage',
  // The register exported whole for the ICRC's Central Tracing Agency (GC III Art. 122-123).
  'enemy_pow:export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'registrar',
  'analyst',
  'exchange_coordinator',
  'publisher',
  'auditor',
  'registry_auditor',
  'admin',
  'tracing_officer',
] as const;
/** The role of a staff account (`app_user.role`). */
export type Role = (typeof ROLES)[number];

/**
 * The roles of principals that are not staff accounts: a relative following one tracing case, the
 * anonymous public, a partner agency's token. They hold no staff permission; later issues give them
 * their own (e.g. `tracing_request:read_own`, `statistics:read`) by adding to this table.
 */
export const OUTSIDE_ROLES = ['relative', 'public', 'partner'] as const;
export type OutsideRole = (typeof OUTSIDE_ROLES)[number];
export type PrincipalRole = Role | OutsideRole;

const ROLE_PERMISSIONS: Record<PrincipalRole, readonly Permission[]> = {
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
    'exchange:read',
    'exchange:manage',
    'enemy_pow:read',
    'enemy_pow:manage',
    'enemy_pow:export',
  ],
  // Aggregates only: builds, reviews and publishes statistics releases, sees no person.
  publisher: ['statistics:draft', 'statistics:publish'],
  // Reads the audit entries of its own organisation only.
  auditor: ['audit:read', 'audit:verify'],
  // Reads every organisation's audit entries (the registry's own oversight).
  registry_auditor: ['audit:read', 'audit:verify'],
  admin: ['user:manage', 'outbox:read'],
  // Tracing officers triage requests, verify kinship, match them to persons and answer families.
  tracing_officer: ['person:read', 'person:search', 'record:read', 'tracing:read', 'tracing:manage'],
  relative: [],
  public: [],
  partner: [],
};

/**
 * How a principal proved who it is: a browser session, an API token, the command line, a relative's
 * case number and access code, nothing (the public), a partner agency's token.
 */
export type PrincipalKind = 'user' | 'token' | 'cli' | 'relative' | 'public' | 'partner';

/** Whoever a request acts for. Build one with the constructors of `gate/principal.ts`. */
export interface Principal {
  /** A stable id written into records and events as "entered by" (never a name). */
  id: string;
  role: PrincipalRole;
  /** The organisation whose persons it may see. Without one, a principal sees no person (deny by default). */
  organisationId?: string;
  /** The credential used; absent means `user`. */
  kind?: PrincipalKind;
  /** For an API token: the permissions it is limited to (within its user's role). */
  scopes?: readonly Permission[];
  /** A relative: the one tracing case it may follow. */
  caseId?: string;
  /** A partner agency: the agreement its token acts under. */
  agreementId?: string;
  /** The whole registry: set only by `unsafeRegistryPrincipal` (the command line's registry-wide actions). */
  registryWide?: true;
}

/** The id of the built-in organisation (migration 0004). */
export const REGISTRY_ORGANISATION_ID = '00000000-0000-7000-8000-000000000001';

/** The permissions a role holds. */
export function permissionsOf(role: PrincipalRole): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/** Whether the principal's role (and, for a token, its scopes) grants the permission. */
export function can(principal: Principal | null, permission: Permission): boolean {
  if (principal === null || !heldBy(principal).includes(permission)) return false;
  return principal.scopes === undefined || principal.scopes.includes(permission);
}

/**
 * The permissions of a principal's role; the command line (the registry-wide CLI principal, and only it)
 * also holds the exchange coordinator's, so that its exchange commands (issue #13) work while staff
 * registrars hold no exchange permission (least privilege: exchanges are the coordinator's work).
 */
function heldBy(principal: Principal): readonly Permission[] {
  if (principal.kind === 'cli' && principal.registryWide === true) return CLI_PERMISSIONS;
  return ROLE_PERMISSIONS[principal.role];
}
const CLI_PERMISSIONS: readonly Permission[] = PERMISSIONS.filter(
  (p) => ROLE_PERMISSIONS.registrar.includes(p) || ROLE_PERMISSIONS.exchange_coordinator.includes(p),
);

/** The permissions a principal effectively holds. */
export function effectivePermissions(principal: Principal): Permission[] {
  return PERMISSIONS.filter((p) => can(principal, p));
}

/**
 * The principal the command line acts as: the operator at the terminal, over the whole registry. It
 * bypasses the organisation scope, so only the CLI's registry-wide actions may use it.
 */
export const UNSAFE_CLI_PRINCIPAL: Principal = Object.freeze({
  id: 'cli',
  role: 'registrar',
  kind: 'cli',
  registryWide: true,
} as const);

/** The principal of a staff user (signed in with a session). */
export function principalOfUserId(id: string, role: Role, organisationId: string): Principal {
  return { id, role, organisationId, kind: 'user' };
}
