import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { TRACING_STATES, type TracingState } from '@server/modules/tracing/policy.js';
import type { z } from 'zod';
import type { ZQueueResponseSchema } from '@server/modules/tracing/schemas.js';
import { api } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime } from '../format.js';

type Queue = z.infer<typeof ZQueueResponseSchema>;

/** /tracing: the tracing officers' queue of requests by state, with ages, the overdue flag and calls due. */
export function Component() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('state') ?? '';
  const state = (TRACING_STATES as readonly string[]).includes(raw) ? (raw as TracingState) : '';
  const calls = params.get('call') === '1';

  const queue = useQuery({
    queryKey: ['tracing', 'queue', state, calls],
    queryFn: () => {
      const q = new URLSearchParams({ limit: '500' });
      if (state) q.set('state', state);
      if (calls) q.set('call_required', 'true');
      return api<Queue>(`/api/v1/tracing-requests?${q.toString()}`);
    },
  });

  const setFilter = (next: { state?: string; call?: boolean }) => {
    const p = new URLSearchParams();
    const s = next.state ?? state;
    const c = next.call ?? calls;
    if (s) p.set('state', s);
    if (c) p.set('call', '1');
    setParams(p, { replace: true });
  };

  return (
    <section aria-labelledby="tq-title">
      <h1 id="tq-title">{t('tracing.queueTitle')}</h1>
      <p>{t('tracing.queueIntro')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="tq-state">{t('tracing.filterState')}</label>
          <select id="tq-state" value={state} onChange={(e) => setFilter({ state: e.target.value })}>
            <option value="">{t('tracing.allStates')}</option>
            {TRACING_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`trace.states.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={calls} onChange={(e) => setFilter({ call: e.target.checked })} />{' '}
            {t('tracing.onlyCalls')}
          </label>
        </div>
      </form>
      {queue.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : queue.isError ? (
        <ErrorMessage error={queue.error} />
      ) : queue.data.items.length === 0 ? (
        <p role="status">{t('tracing.emptyQueue')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="tq-title" tabIndex={0}>
          <table>
            <caption className="visually-hidden">{t('tracing.queueTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('trace.caseNumber')}</th>
                <th scope="col">{t('tracing.state')}</th>
                <th scope="col">{t('tracing.filed')}</th>
                <th scope="col">{t('tracing.age')}</th>
                <th scope="col">{t('tracing.inState')}</th>
                <th scope="col">{t('tracing.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.data.items.map((r) => (
                <tr key={r.id} className={r.overdue ? 'overdue' : undefined}>
                  <td>
                    <Link to={`/tracing/${r.id}`}>{r.case_number}</Link>
                  </td>
                  <td>{t(`trace.states.${r.state}`)}</td>
                  <td>{formatDateTime(r.created_at)}</td>
                  <td>{t('tracing.days', { count: r.age_days })}</td>
                  <td>{t('tracing.days', { count: r.days_in_state })}</td>
                  <td>
                    {r.overdue ? <span className="badge bad">{t('tracing.overdue')}</span> : null}{' '}
                    {r.call_required ? <span className="badge bad">{t('tracing.callRequired')}</span> : null}{' '}
                    {r.kinship_verified ? (
                      <span className="badge good">{t('tracing.kinshipVerified')}</span>
                    ) : null}{' '}
                    {r.person_id ? <span className="badge">{t('tracing.linked')}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** On a person's file: the tracing requests that point at the person (many may), for whoever may read them. */
export function PersonTracingRequests({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const requests = useQuery({
    queryKey: ['tracing', 'person', personId],
    queryFn: () =>
      api<{ items: { id: string; case_number: string; state: string; created_at: string }[] }>(
        `/api/v1/persons/${encodeURIComponent(personId)}/tracing-requests`,
      ),
  });
  return (
    <section aria-labelledby="person-requests-title" className="card">
      <h2 id="person-requests-title">{t('tracing.personRequests')}</h2>
      {requests.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : requests.isError ? (
        <ErrorMessage error={requests.error} />
      ) : requests.data.items.length === 0 ? (
        <p>{t('tracing.noPersonRequests')}</p>
      ) : (
        <ul>
          {requests.data.items.map((r) => (
            <li key={r.id}>
              <Link to={`/tracing/${r.id}`}>{r.case_number}</Link> — {t(`trace.states.${r.state}`)} (
              {formatDateTime(r.created_at)})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
