import { z } from 'zod';
import { digest } from '../../auth/secrets.js';
import type { Database } from '../../db/database.js';

/** What a setup link is for, so its page can say so before anyone types a password. */
export const ZSetupLinkRequestSchema = z.strictObject({ token: z.string().min(1).max(200) });
export const ZSetupLinkSchema = z.object({
  state: z
    .enum(['first_admin', 'user', 'used', 'expired', 'invalid'])
    .describe('first_admin or user: usable; used, expired, invalid: not'),
  username: z.string().nullable().describe('the user the link was made for (null for the first admin)'),
  expires_at: z.string().nullable(),
});
export type TSetupLink = z.infer<typeof ZSetupLinkSchema>;

/**
 * Describes a setup link to whoever holds it (the token is the secret; an unknown one says nothing).
 * A link for a user who has since set a password, or been disabled, counts as used.
 */
export async function describeSetupLink(database: Database, token: string): Promise<TSetupLink> {
  const link = await database.db
    .selectFrom('setup_token')
    .leftJoin('app_user', 'app_user.id', 'setup_token.user_id')
    .select([
      'setup_token.user_id',
      'setup_token.expires_at',
      'setup_token.used_at',
      'app_user.username',
      'app_user.password_hash',
      'app_user.disabled_at',
    ])
    .where('setup_token.token_hash', '=', digest(token))
    .executeTakeFirst();
  if (!link) return { state: 'invalid', username: null, expires_at: null };
  const expiresAt = new Date(link.expires_at).toISOString();
  const username = link.username ?? null;
  const used =
    link.used_at !== null ||
    (link.user_id !== null && (link.password_hash !== null || link.disabled_at !== null));
  if (used) return { state: 'used', username, expires_at: expiresAt };
  if (new Date(link.expires_at).getTime() <= Date.now())
    return { state: 'expired', username, expires_at: expiresAt };
  return { state: link.user_id === null ? 'first_admin' : 'user', username, expires_at: expiresAt };
}
