import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TRelease } from '@server/modules/statistics/schemas.js';
import { api } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime, formatNumber } from '../format.js';
import { can, useSession } from '../session.js';

const RELEASES_KEY = ['statistics-releases'] as const;

/** A cell id (`persons|category=military|status=returned`) in words: its dimension values. */
function useCellLabel(): (cell: string) => string {
  const { t, i18n } = useTranslation();
  return (cell) => {
    const parts = cell.split('|').slice(1);
    if (parts.length === 0) return t('statistics.total');
    return parts
      .map((p) => {
        const [d, v] = p.split('=') as [string, string];
        const value =
          d === 'category' && i18n.exists(`categories.${v}`)
            ? t(`categories.${v}`)
            : d === 'status' && i18n.exists(`statuses.${v}`)
              ? t(`statuses.${v}`)
              : i18n.exists(`statistics.values.${v}`)
                ? t(`statistics.values.${v}`)
                : v;
        return `${t(`statistics.dimensions.${d}`, { defaultValue: d })}: ${value}`;
      })
      .join(', ');
  };
}

/** One release: its hidden cells with their true counts and why, and the next step. */
function ReleaseReview({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const session = useSession();
  const cellLabel = useCellLabel();
  const release = useQuery({
    queryKey: ['statistics-release', id],
    queryFn: () => api<TRelease>(`/api/v1/statistics/releases/${id}`),
  });
  const step = useMutation({
    mutationFn: (s: 'review' | 'publish' | 'discard') =>
      api<TRelease>(`/api/v1/statistics/releases/${id}/${s}`, { method: 'POST' }),
    onSuccess: async (r) => {
      queryClient.setQueryData(['statistics-release', id], (old: TRelease | undefined) => ({ ...old, ...r }));
      await queryClient.invalidateQueries({ queryKey: RELEASES_KEY });
    },
  });
  if (release.isPending) return <p role="status">{t('common.loading')}</p>;
  if (release.isError) return <ErrorMessage error={release.error} />;
  const r = release.data;
  const hidden = r.review ?? [];
  const mayPublish = can(session.data, 'statistics:publish');
  return (
    <section aria-labelledby="release-review" className="card">
      <h2 id="release-review">
        {r.release_id !== null
          ? t('statistics.release', { id: r.release_id })
          : t('statistics.publisher.states.draft')}{' '}
        · {t(`statistics.publisher.states.${r.state}`)}
      </h2>
      <p>
        {t('statistics.asOf', { date: formatDateTime(r.as_of) })} ·{' '}
        {t('statistics.threshold', { k: r.threshold })} ·{' '}
        {r.method === 'rounding' ? t('statistics.methodRounding') : t('statistics.methodSuppression')}
      </p>
      <h3>{t('statistics.publisher.hiddenCells', { n: hidden.length })}</h3>
      {hidden.length === 0 ? (
        <p>{t('statistics.publisher.noHidden')}</p>
      ) : (
        <div
          className="table-scroll"
          role="region"
          aria-label={t('statistics.publisher.hiddenCells', { n: hidden.length })}
          tabIndex={0}
        >
          <table>
            <thead>
              <tr>
                <th scope="col">{t('statistics.publisher.cell')}</th>
                <th scope="col">{t('statistics.publisher.tables')}</th>
                <th scope="col" className="num">
                  {t('statistics.publisher.trueCount')}
                </th>
                <th scope="col">{t('statistics.publisher.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {hidden.map((c) => (
                <tr key={c.cell}>
                  <th scope="row">{cellLabel(c.cell)}</th>
                  <td>{c.tables.join(', ')}</td>
                  <td className="num">{formatNumber(c.count, i18n.language)}</td>
                  <td>
                    {c.reason.kind === 'below_threshold'
                      ? t('statistics.publisher.belowThreshold')
                      : c.reason.relation.startsWith('release ')
                        ? t('statistics.publisher.protectsAcross', {
                            cell: cellLabel(c.reason.protects),
                            release: c.reason.relation.slice('release '.length),
                          })
                        : t('statistics.publisher.protects', { cell: cellLabel(c.reason.protects) })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {step.isError ? <ErrorMessage error={step.error} /> : null}
      <div className="actions">
        {r.state === 'draft' && mayPublish ? (
          <button type="button" onClick={() => step.mutate('review')} disabled={step.isPending}>
            {t('statistics.publisher.review')}
          </button>
        ) : null}
        {r.state === 'reviewed' && mayPublish ? (
          <button type="button" onClick={() => step.mutate('publish')} disabled={step.isPending}>
            {t('statistics.publisher.publish')}
          </button>
        ) : null}
        {r.state === 'draft' || r.state === 'reviewed' ? (
          <button
            type="button"
            className="secondary"
            onClick={() => step.mutate('discard')}
            disabled={step.isPending}
          >
            {t('statistics.publisher.discard')}
          </button>
        ) : null}
      </div>
      {r.state === 'published' ? (
        <p role="status">
          {t('statistics.publisher.published', { id: r.release_id })}{' '}
          <Link to={`/statistics?release=${r.release_id}`}>{t('statistics.publisher.viewPublic')}</Link>
        </p>
      ) : null}
    </section>
  );
}

/** `/statistics/releases`: the publisher builds a draft, reviews its hidden cells and publishes it. */
export function Component() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [threshold, setThreshold] = useState('10');
  const [method, setMethod] = useState<'suppression' | 'rounding'>('suppression');
  const [exchangeFigures, setExchangeFigures] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const releases = useQuery({
    queryKey: RELEASES_KEY,
    queryFn: () => api<{ releases: TRelease[] }>('/api/v1/statistics/releases'),
  });
  const build = useMutation({
    mutationFn: () =>
      api<TRelease>('/api/v1/statistics/releases', {
        json: { threshold: Number(threshold), method, exchange_figures: exchangeFigures },
      }),
    onSuccess: async (r) => {
      setOpen(r.id);
      await queryClient.invalidateQueries({ queryKey: RELEASES_KEY });
    },
  });
  return (
    <section>
      <h1>{t('statistics.publisher.title')}</h1>
      <p>{t('statistics.publisher.intro')}</p>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          build.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="stat-threshold">{t('statistics.publisher.threshold')}</label>
          <input
            id="stat-threshold"
            type="number"
            min={1}
            max={1000}
            required
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="stat-method">{t('statistics.publisher.method')}</label>
          <select
            id="stat-method"
            value={method}
            onChange={(e) => setMethod(e.target.value as 'suppression' | 'rounding')}
          >
            <option value="suppression">{t('statistics.publisher.suppression')}</option>
            <option value="rounding">{t('statistics.publisher.rounding')}</option>
          </select>
        </div>
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={exchangeFigures}
              onChange={(e) => setExchangeFigures(e.target.checked)}
            />{' '}
            {t('statistics.publisher.exchangeFigures')}
          </label>
        </div>
        {build.isError ? <ErrorMessage error={build.error} /> : null}
        <button type="submit" disabled={build.isPending}>
          {t('statistics.publisher.build')}
        </button>
      </form>
      {open ? <ReleaseReview key={open} id={open} /> : null}
      <h2>{t('statistics.publisher.releases')}</h2>
      {releases.isError ? <ErrorMessage error={releases.error} /> : null}
      {releases.data ? (
        <div
          className="table-scroll"
          role="region"
          aria-label={t('statistics.publisher.releases')}
          tabIndex={0}
        >
          <table>
            <thead>
              <tr>
                <th scope="col">{t('statistics.publisher.created')}</th>
                <th scope="col">{t('statistics.publisher.state')}</th>
                <th scope="col">{t('statistics.publisher.threshold')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('statistics.publisher.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {releases.data.releases.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.created_at)}</td>
                  <td>
                    {t(`statistics.publisher.states.${r.state}`)}
                    {r.release_id !== null ? ` · ${t('statistics.release', { id: r.release_id })}` : ''}
                  </td>
                  <td>{r.threshold}</td>
                  <td>
                    <button type="button" className="secondary" onClick={() => setOpen(r.id)}>
                      {t('statistics.publisher.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
