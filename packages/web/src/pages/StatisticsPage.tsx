import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TPublicRelease, TPublicReleaseList, TPublicTable } from '@server/modules/statistics/schemas.js';
import { api, ApiError } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime, formatNumber } from '../format.js';

type Row = TPublicTable['rows'][number];
const TOTAL = 'total';

/** A dimension value in the reader's language: the registry's vocabularies, then the statistics' own. */
export function useValueLabel(): (dimension: string, value: string) => string {
  const { t, i18n } = useTranslation();
  return (dimension, value) => {
    if (value === TOTAL) return t('statistics.total');
    const own = `statistics.values.${value}`;
    if (dimension === 'category' && i18n.exists(`categories.${value}`)) return t(`categories.${value}`);
    if (dimension === 'status' && i18n.exists(`statuses.${value}`)) return t(`statuses.${value}`);
    if (i18n.exists(own)) return t(own);
    return value;
  };
}

/** The rows a chart shows: one bar per value of the first dimension, every other dimension at its total. */
function chartRows(table: TPublicTable): Row[] {
  const [first, ...rest] = table.dimensions;
  if (first === undefined) return [];
  return table.rows.filter((r) => r[first] !== TOTAL && rest.every((d) => r[d] === TOTAL));
}

/**
 * Horizontal bars drawn as SVG by hand: a few hundred bytes instead of a charting library, and the same
 * figures are in the table beside it, which is what screen readers read (the SVG is one labelled image).
 */
function BarChart({ table, title }: { table: TPublicTable; title: string }) {
  const { t, i18n } = useTranslation();
  const label = useValueLabel();
  const rows = chartRows(table);
  const dim = table.dimensions[0] as string;
  if (rows.length === 0) return null;
  const max = Math.max(1, ...rows.map((r) => r.count ?? 0));
  const barHeight = 22;
  const gap = 6;
  const height = rows.length * (barHeight + gap);
  return (
    <figure className="stat-chart">
      <svg
        role="img"
        aria-label={t('statistics.chart', { title })}
        viewBox={`0 0 320 ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        {rows.map((r, i) => {
          const y = i * (barHeight + gap);
          const w = r.count === null ? 0 : Math.max(r.count > 0 ? 2 : 0, (r.count / max) * 150);
          return (
            <g key={String(r[dim])}>
              <text x="0" y={y + 15} className="stat-chart-label">
                {label(dim, String(r[dim])).slice(0, 22)}
              </text>
              <rect x="150" y={y + 2} width={w} height={barHeight - 4} className="stat-chart-bar" />
              <text x={152 + w} y={y + 15} className="stat-chart-value">
                {r.count === null ? t('statistics.hidden') : formatNumber(r.count, i18n.language)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** A table as a cross table: the last dimension across, the others down (one dimension: value, count). */
function StatTable({ table, title }: { table: TPublicTable; title: string }) {
  const { t, i18n } = useTranslation();
  const label = useValueLabel();
  const dims = table.dimensions;
  const cell = (r: Row | undefined) =>
    r === undefined ? (
      ''
    ) : r.count === null ? (
      <span className="stat-hidden">{t('statistics.hidden')}</span>
    ) : typeof r['age_band'] === 'string' && !dims.includes('age_band') ? (
      // a youngest/oldest row: the band, and how many it holds
      `${label('age_band', r['age_band'])} (${formatNumber(r.count, i18n.language)})`
    ) : (
      formatNumber(r.count, i18n.language)
    );
  if (dims.length <= 1) {
    const d = dims[0] as string;
    return (
      <div className="table-scroll" role="region" aria-label={t('statistics.table', { title })} tabIndex={0}>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t(`statistics.dimensions.${d}`, { defaultValue: d })}</th>
              <th scope="col">{t('statistics.count')}</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={String(r[d])}>
                <th scope="row">{label(d, String(r[d]))}</th>
                <td className="num">{cell(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  const across = dims[dims.length - 1] as string;
  const down = dims.slice(0, -1);
  const columns = [...new Set(table.rows.map((r) => String(r[across])))];
  const groups = new Map<string, { key: string[]; cells: Map<string, Row> }>();
  for (const r of table.rows) {
    const key = down.map((d) => String(r[d]));
    const id = key.join('\u0000');
    const g = groups.get(id) ?? { key, cells: new Map<string, Row>() };
    g.cells.set(String(r[across]), r);
    groups.set(id, g);
  }
  return (
    <div className="table-scroll" role="region" aria-label={t('statistics.table', { title })} tabIndex={0}>
      <table>
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            {down.map((d) => (
              <th scope="col" key={d}>
                {t(`statistics.dimensions.${d}`, { defaultValue: d })}
              </th>
            ))}
            {columns.map((c) => (
              <th scope="col" key={c} className="num">
                {label(across, c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...groups.values()].map((g) => (
            <tr key={g.key.join('/')}>
              {g.key.map((v, i) => (
                <th scope="row" key={i}>
                  {label(down[i] as string, v)}
                </th>
              ))}
              {columns.map((c) => (
                <td key={c} className="num">
                  {cell(g.cells.get(c))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One published release: every table with its chart beside it, downloads and the methodology. */
export function ReleaseView({ release }: { release: TPublicRelease }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'uk';
  const base = `/api/v1/public/statistics/${release.release_id}`;
  return (
    <>
      <p className="stat-meta">
        <strong>{t('statistics.release', { id: release.release_id })}</strong>
        {' · '}
        {t('statistics.asOf', { date: formatDateTime(release.as_of) })}
        {' · '}
        {t('statistics.publishedAt', { date: formatDateTime(release.published_at) })}
        {' · '}
        {t('statistics.threshold', { k: release.threshold })} (
        {release.method === 'rounding' ? t('statistics.methodRounding') : t('statistics.methodSuppression')})
      </p>
      {release.corrects !== null ? (
        <p className="stat-correction">
          {t('statistics.corrects', { id: release.corrects, note: release.correction_note ?? '' })}
        </p>
      ) : null}
      <p>{t('statistics.hiddenLegend')}</p>
      {release.tables.map((table) => {
        const title = table.title[lang];
        return (
          <section key={table.id} className="stat-section" aria-labelledby={`t-${table.id}`}>
            <h2 id={`t-${table.id}`}>{title}</h2>
            <div className="stat-pair">
              <BarChart table={table} title={title} />
              <StatTable table={table} title={title} />
            </div>
          </section>
        );
      })}
      <section aria-labelledby="stat-downloads">
        <h2 id="stat-downloads">{t('statistics.downloads')}</h2>
        <ul className="stat-downloads">
          <li>
            <a href={base} download={`homecoming-statistics-${release.release_id}.json`}>
              {t('statistics.json')}
            </a>
          </li>
          {release.tables.map((table) => (
            <li key={table.id}>
              <a href={`${base}/csv/${table.id}`} download>
                {t('statistics.csv', { title: table.title[lang] })}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="stat-method">
        <h2 id="stat-method">{t('statistics.methodology')}</h2>
        {release.methodology[lang].split('\n\n').map((p, i) => (
          <p key={i}>{p}</p>
        ))}
        <p className="stat-hash">{t('statistics.hash', { hash: release.content_hash })}</p>
      </section>
    </>
  );
}

/** `/statistics`: the latest published release (or `?release=N`), with the release history. No account. */
export function Component() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const wanted = params.get('release');
  const release = useQuery({
    queryKey: ['public-statistics', wanted],
    queryFn: async () => {
      try {
        return await api<TPublicRelease>(
          wanted && /^\d{1,9}$/.test(wanted)
            ? `/api/v1/public/statistics/${wanted}`
            : '/api/v1/public/statistics',
        );
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
    retry: false,
  });
  const history = useQuery({
    queryKey: ['public-statistics-history'],
    queryFn: () => api<TPublicReleaseList>('/api/v1/public/statistics/releases'),
    retry: false,
  });
  useEffect(() => {
    document.title = `${t('statistics.title')} · ${t('app.name')}`;
  }, [t, i18n.language]);

  return (
    <section className="statistics">
      <h1>{t('statistics.title')}</h1>
      <p>{t('statistics.intro')}</p>
      {release.isPending ? <p role="status">{t('common.loading')}</p> : null}
      {release.isError ? <ErrorMessage error={release.error} /> : null}
      {release.data === null ? <p>{t('statistics.none')}</p> : null}
      {release.data ? <ReleaseView release={release.data} /> : null}
      {history.data && history.data.releases.length > 0 ? (
        <section aria-labelledby="stat-history">
          <h2 id="stat-history">{t('statistics.history')}</h2>
          <ul className="stat-history">
            {history.data.releases.map((r) => (
              <li key={r.release_id}>
                {r.release_id === release.data?.release_id ? (
                  <span aria-current="page">
                    {t('statistics.release', { id: r.release_id })} ({t('statistics.current')})
                  </span>
                ) : (
                  <Link to={`/statistics?release=${r.release_id}`}>
                    {t('statistics.release', { id: r.release_id })}
                  </Link>
                )}{' '}
                — {t('statistics.asOf', { date: formatDateTime(r.as_of) })}
                {r.corrects !== null ? ` · ${t('statistics.corrects', { id: r.corrects, note: '' })}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
