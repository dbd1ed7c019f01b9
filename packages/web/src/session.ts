import { useQuery } from '@tanstack/react-query';
import { ROLES, type Role } from '@server/auth/permissions.js';
import { api, ApiError, isMissingRoute, setCsrfToken } from './api.js';

/** The signed-in user and what they may do (the auth contract's Session). */
export interface Session {
  user: { id: string; username: string; role: Role; organisation_id: string | null };
  permissions: string[];
  csrf_token: string;
  /** True when the server has no accounts yet and this machine acts as a registrar (`local` mode). */
  local?: boolean;
}

// In `local` mode this machine is a registrar; these are the registrar's permissions there.
const LOCAL_PERMISSIONS = [
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
];

async function fetchSession(): Promise<Session | null> {
  try {
    const s = await api<Session>('/api/v1/auth/session');
    setCsrfToken(s.csrf_token);
    return s;
  } catch (err) {
    if (isMissingRoute(err)) {
      return {
        user: { id: 'local-operator', username: 'local', role: ROLES[0], organisation_id: null },
        permissions: LOCAL_PERMISSIONS,
        csrf_token: '',
        local: true,
      };
    }
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export const SESSION_KEY = ['session'] as const;

/** The current session; null when nobody is signed in. */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: false });
}

/** Whether the session grants a permission. */
export function can(session: Session | null | undefined, permission: string): boolean {
  return session?.permissions.includes(permission) ?? false;
}
