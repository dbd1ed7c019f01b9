import { UNSAFE_CLI_PRINCIPAL, type Principal, type Role } from '../auth/permissions.js';

/**
 * The closed set of principal kinds (DESIGN.md, "One gate for person data"):
 * - `staff`: a staff account (session or API token) of one organisation;
 * - `registry`: registry-wide — the command line (the only principal that sees every organisation's
 *   persons), the admin and the registry auditor (configuration and audit across organisations, no
 *   person detail);
 * - `relative`: a relative following one tracing case (case number + access code);
 * - `public`: the anonymous public;
 * - `partner`: a partner agency's API token under a data-sharing agreement;
 * - `none`: anything else (e.g. a staff principal without an organisation). It sees nothing.
 */
export const PRINCIPAL_KINDS = ['staff', 'registry', 'relative', 'public', 'partner', 'none'] as const;
export type GatePrincipalKind = (typeof PRINCIPAL_KINDS)[number];

const REGISTRY_ROLES: ReadonlySet<Role> = new Set(['admin', 'registry_auditor']);

/** Which kind of principal this is; anything not recognisably one of the kinds is `none`. */
export function principalKindOf(p: Principal | null): GatePrincipalKind {
  if (p === null) return 'public';
  switch (p.kind) {
    case 'relative':
      return p.role === 'relative' && p.caseId !== undefined ? 'relative' : 'none';
    case 'public':
      return p.role === 'public' ? 'public' : 'none';
    case 'partner':
      return p.role === 'partner' && p.agreementId !== undefined && p.organisationId !== undefined
        ? 'partner'
        : 'none';
    case 'cli':
      return p.registryWide === true ? 'registry' : 'none';
    case undefined:
    case 'user':
    case 'token':
      if (p.role === 'relative' || p.role === 'public' || p.role === 'partner') return 'none';
      if (p.registryWide === true) return 'none';
      if (p.organisationId === undefined) return 'none';
      return REGISTRY_ROLES.has(p.role) ? 'registry' : 'staff';
  }
}

/** A relative following one tracing case (their principal carries its id and nothing else). */
export function relativePrincipal(caseId: string): Principal {
  return { id: `case:${caseId}`, role: 'relative', kind: 'relative', caseId };
}

/** The anonymous public. */
export function publicPrincipal(): Principal {
  return { id: 'public', role: 'public', kind: 'public' };
}

/** A partner agency's token acting under an agreement with one organisation. */
export function partnerPrincipal(tokenId: string, organisationId: string, agreementId: string): Principal {
  return { id: tokenId, role: 'partner', kind: 'partner', organisationId, agreementId };
}

/**
 * The command line's registry-wide principal: it sees every organisation's persons. Named unsafe
 * because it bypasses the organisation scope; only the CLI's registry-wide commands use it.
 */
export function unsafeRegistryPrincipal(): Principal {
  return UNSAFE_CLI_PRINCIPAL;
}
