import { createChallenge, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from 'altcha-lib/v1/types';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors.js';

/**
 * The self-hosted proof-of-work challenge (ALTCHA): the browser spends a second or so of CPU before it
 * may file a request; nothing is sent to any third party. Each solved challenge is accepted once.
 */
export const CHALLENGE_HEADER = 'x-altcha';
const EXPIRES_MS = 10 * 60_000;
const MAX_NUMBER = 100_000;

/** A new challenge signed with the challenge key; `maxNumber` sets how hard it is (HOMECOMING_PUBLIC_CHALLENGE_MAX_NUMBER). */
export function newChallenge(hmacKey: string, maxNumber = MAX_NUMBER): Promise<Challenge> {
  return createChallenge({ hmacKey, maxNumber, expires: new Date(Date.now() + EXPIRES_MS) });
}

/** Checks a solution (base64 JSON, as the ALTCHA widget sends it) and spends it; throws if not good. */
export async function spendSolution(
  db: Kysely<DB>,
  hmacKey: string,
  payload: string | undefined,
): Promise<void> {
  const refuse = () =>
    new AppError(
      'forbidden',
      `solve the challenge of GET /api/v1/public/challenge and send it in ${CHALLENGE_HEADER}`,
    );
  if (payload === undefined || payload.length > 2000) throw refuse();
  let parsed: { signature?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { signature?: unknown };
  } catch {
    throw refuse();
  }
  if (typeof parsed.signature !== 'string' || !(await verifySolution(payload, hmacKey, true))) throw refuse();
  const r = await sql`
    INSERT INTO public_challenge_used (signature, expires_at)
    VALUES (${parsed.signature}, now() + make_interval(secs => ${EXPIRES_MS / 1000}))
    ON CONFLICT (signature) DO NOTHING`.execute(db);
  if (Number(r.numAffectedRows ?? 0) === 0) throw refuse();
  await sql`DELETE FROM public_challenge_used WHERE expires_at < now()`.execute(db);
}
