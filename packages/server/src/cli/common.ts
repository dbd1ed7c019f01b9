import { InvalidArgumentError } from 'commander';
import { unsafeRegistryPrincipal } from '../gate/principal.js';

// Light on purpose: every command file imports this at start-up, so nothing heavy (zod, the database,
// argon2) may be imported here. Commands load what they need inside their action.

/** Exit codes: 0 done, 1 done but some input rows were rejected, 2 could not run. */
export const EXIT = { ok: 0, rejected: 1, failed: 2 } as const;

// The CLI acts as the operator at this terminal (actor kind `cli` in the audit log), on the whole registry:
// its registry-wide commands only.
export const CLI_PRINCIPAL = unsafeRegistryPrincipal();
export const CLI_ACTOR = CLI_PRINCIPAL.id;

/** A commander option parser for positive whole numbers. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

/** A commander option parser for a share: a number from 0 to 1. */
export function share(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('must be a share from 0 to 1');
  return n;
}
