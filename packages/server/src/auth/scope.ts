import { can, type Principal } from './permissions.js';

/**
 * Object-level scope of persons: a staff member sees the persons of their own organisation, and a
 * withheld person (GC IV Art. 137) only with `person:read_withheld`. The command line (no
 * organisation) sees the whole registry. Anything out of scope answers exactly like a missing object.
 */
export interface PersonScope {
  /** Only persons of this organisation; undefined: every organisation. */
  organisationId: string | undefined;
  includeWithheld: boolean;
}

/** The persons a principal may see. */
export function personScopeOf(principal: Principal): PersonScope {
  return {
    organisationId: principal.organisationId,
    includeWithheld: can(principal, 'person:read_withheld'),
  };
}

/** Whether a person row is inside a scope. */
export function inScope(scope: PersonScope, p: { organisation_id: string; withheld: boolean }): boolean {
  return (
    (scope.organisationId === undefined || p.organisation_id === scope.organisationId) &&
    (scope.includeWithheld || !p.withheld)
  );
}
