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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'registrar',
  'analyst',
  'exchange_coordinator',
  'publisher',
  'auditor',
  'admin',
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
  ],
  analyst: ['person:read', 'person:search', 'record:read', 'review:read', 'review:decide', 'link:run'],
  exchange_coordinator: ['person:read', 'person:search', 'record:read', 'event:create'],
  publisher: [],
  auditor: [],
  admin: [],
};

/** Whoever a request acts for. */
export interface Principal {
  /** A stable id written into records and events as "entered by" (never a name). */
  id: string;
  role: Role;
}

/** Whether the principal's role grants the permission. */
export function can(principal: Principal | null, permission: Permission): boolean {
  return principal !== null && ROLE_PERMISSIONS[principal.role].includes(permission);
}
