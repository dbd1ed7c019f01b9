import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../../auth/permissions.js';
import { PASSWORD_LENGTH } from '../../auth/secrets.js';

export const ZUsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '3-64 characters: letters, digits, dot, dash, underscore');
export const ZPasswordSchema = z.string().min(PASSWORD_LENGTH.min).max(PASSWORD_LENGTH.max);

export const ZLoginRequestSchema = z.strictObject({
  username: z.string().max(200),
  password: z.string().max(PASSWORD_LENGTH.max),
});
export type TLoginRequest = z.infer<typeof ZLoginRequestSchema>;

export const ZLoginResponseSchema = z.union([
  z.object({ next: z.literal('totp') }),
  z.object({ next: z.literal('totp_enrol'), otpauth_uri: z.string(), secret: z.string() }),
]);
export type TLoginResponse = z.infer<typeof ZLoginResponseSchema>;

export const ZTotpRequestSchema = z.strictObject({
  code: z.string().trim().min(1).max(64).describe('6 digits from the authenticator, or a recovery code'),
});

export const ZUserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  role: z.enum(ROLES),
  organisation_id: z.uuid(),
});
export type TUser = z.infer<typeof ZUserSchema>;

export const ZSessionSchema = z.object({
  user: ZUserSchema,
  permissions: z.array(z.enum(PERMISSIONS)),
  csrf_token: z.string(),
});
export type TSession = z.infer<typeof ZSessionSchema>;

export const ZEnrolResponseSchema = z.object({
  session: ZSessionSchema,
  recovery_codes: z.array(z.string()),
});

export const ZPasswordChangeRequestSchema = z.strictObject({
  current_password: z.string().max(PASSWORD_LENGTH.max),
  new_password: ZPasswordSchema,
});

export const ZSetupRequestSchema = z.strictObject({
  token: z.string().min(1).max(200),
  username: ZUsernameSchema,
  password: ZPasswordSchema,
});
export const ZSetupResponseSchema = z.object({ user: ZUserSchema });

export const ZApiTokenSchema = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  name: z.string(),
  permissions: z.array(z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked: z.boolean(),
  expires_at: z.string().describe('the token stops working then (HOMECOMING_TOKEN_DAYS after creation)'),
});
export const ZCreateTokenResponseSchema = z.object({
  token: ZApiTokenSchema,
  secret: z.string().describe('shown once: send as Authorization: Bearer <secret>'),
});
export const ZCreateOwnTokenRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  permissions: z.array(z.enum(PERMISSIONS)).min(1).max(PERMISSIONS.length),
});
export const ZOwnTokenListSchema = z.object({ items: z.array(ZApiTokenSchema) });
