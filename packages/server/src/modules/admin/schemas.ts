import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../../auth/permissions.js';
import { ZUsernameSchema } from '../auth/schemas.js';

export const ZOrganisationSchema = z.object({ id: z.uuid(), name: z.string(), created_at: z.string() });
export const ZCreateOrganisationRequestSchema = z.strictObject({ name: z.string().trim().min(1).max(200) });
export const ZOrganisationListSchema = z.object({ items: z.array(ZOrganisationSchema) });

export const ZAdminUserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  role: z.enum(ROLES),
  organisation_id: z.uuid(),
  disabled: z.boolean(),
  password_set: z.boolean(),
  totp_enrolled: z.boolean(),
  created_at: z.string(),
});
export type TAdminUser = z.infer<typeof ZAdminUserSchema>;
export const ZUserListSchema = z.object({ items: z.array(ZAdminUserSchema) });

export const ZCreateUserRequestSchema = z.strictObject({
  username: ZUsernameSchema,
  role: z.enum(ROLES),
  organisation_id: z.uuid().optional().describe('default: the built-in Registry organisation'),
});
export const ZCreateUserResponseSchema = z.object({
  user: ZAdminUserSchema,
  setup_token: z.string().describe('one-time; the user opens /setup#<setup_token> to choose a password'),
  setup_expires_at: z.string().describe('when the setup link stops working'),
});
export const ZChangeRoleRequestSchema = z.strictObject({ role: z.enum(ROLES) });
export const ZIdParamsSchema = z.object({ id: z.uuid() });

export const ZApiTokenSchema = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  name: z.string(),
  permissions: z.array(z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked: z.boolean(),
});
export const ZTokenListSchema = z.object({ items: z.array(ZApiTokenSchema) });
export const ZCreateTokenRequestSchema = z.strictObject({
  user_id: z.uuid().describe('the (service) user the token acts for'),
  name: z.string().trim().min(1).max(100),
  permissions: z.array(z.enum(PERMISSIONS)).min(1).max(PERMISSIONS.length),
});
export const ZCreateTokenResponseSchema = z.object({
  token: ZApiTokenSchema,
  secret: z.string().describe('shown once: send as Authorization: Bearer <secret>'),
});

export const ZUserSessionSchema = z.object({
  state: z.enum(['pending', 'active']),
  created_at: z.string(),
  last_seen_at: z.string(),
  expires_at: z.string(),
});
export const ZUserAccessSchema = z.object({
  user: ZAdminUserSchema,
  setup_expires_at: z.string().nullable().describe('a pending setup link, while no password is set'),
  sessions: z.array(ZUserSessionSchema),
  tokens: z.array(ZApiTokenSchema),
});

export const ZActorsQuerySchema = z.object({
  ids: z
    .string()
    .max(8000)
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.string().max(64)).max(200))
    .describe('comma-separated actor ids as written in entered_by, decided_by, actor_id'),
});
export const ZActorSchema = z.object({
  id: z.string(),
  kind: z.enum(['user', 'cli', 'unknown']),
  username: z.string().nullable().describe("null for another organisation's user"),
  organisation: z.string().nullable(),
});
export const ZActorListSchema = z.object({ items: z.array(ZActorSchema) });
export type TActor = z.infer<typeof ZActorSchema>;
