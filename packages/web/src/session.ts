import { useQuery } from '@tanstack/react-query';
import type { Role } from '@server/auth/permissions.js';
import { api, ApiError, setCsrfToken } from './api.js';

/** The signed-in user and what they may do (the auth contract's Session). */
export interface Session {
  user: { id: string; username: string; role: Role; organisation_id: string };
  permissions: string[];
  csrf_token: string;
}

async function fetchSession(): Promise<Session | null> {
  try {
    const s = await api<Session>('/api/v1/auth/session');
    setCsrfToken(s.csrf_token);
    return s;
  } catch (err) {
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
