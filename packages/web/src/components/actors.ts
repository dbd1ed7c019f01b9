import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TActor } from '@server/modules/admin/schemas.js';
import { api } from '../api.js';
import { can, useSession } from '../session.js';

/**
 * Names for the actor ids the API writes in "entered by", "decided by" and audit entries: a user's name
 * and organisation, "command line", or the id itself when nobody can say. Returns a lookup function.
 */
export function useActorNames(ids: (string | null | undefined)[]): (id: string | null | undefined) => string {
  const { t } = useTranslation();
  const session = useSession();
  const wanted = [...new Set(ids.filter((i): i is string => !!i))].sort();
  // Staff who read persons ask the person-side route; auditors the audit-side one.
  const url = can(session.data, 'person:read')
    ? '/api/v1/actors'
    : can(session.data, 'audit:read')
      ? '/api/v1/audit/actors'
      : null;
  const actors = useQuery({
    queryKey: ['actors', url, wanted.join(',')],
    enabled: url !== null && wanted.length > 0,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      (await api<{ items: TActor[] }>(`${url}?ids=${encodeURIComponent(wanted.join(','))}`)).items,
  });
  const byId = new Map((actors.data ?? []).map((a) => [a.id, a]));
  return (id) => {
    if (!id) return '—';
    if (id === 'cli') return t('actor.cli');
    const a = byId.get(id);
    if (!a) return actors.isPending && url !== null ? '…' : t('actor.unknown', { id: id.slice(0, 8) });
    if (a.kind === 'cli') return t('actor.cli');
    if (a.kind === 'unknown') return t('actor.unknown', { id: id.slice(0, 8) });
    if (a.username === null) return t('actor.otherOrg', { org: a.organisation ?? '' });
    return t('actor.named', { user: a.username, org: a.organisation ?? '' });
  };
}
