import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { TImportJob } from '@server/modules/imports/schemas.js';
import { api } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { parseCsv } from '../csv.js';
import { formatNumber } from '../format.js';

/** Upload a canonical CSV, follow its progress, read the rejects report. */
export function Component() {
  const { id } = useParams();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">{t('import.title')}</h1>
      {id ? (
        <>
          <ImportProgress id={id} />
          <p>
            <Link to="/import">{t('import.another')}</Link>
          </p>
        </>
      ) : (
        <UploadForm />
      )}
    </section>
  );
}

function UploadForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('');
  const [missing, setMissing] = useState(false);
  const fileId = useId();
  const sourceId = useId();
  const upload = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error('no file');
      const qs = new URLSearchParams();
      if (source.trim()) qs.set('source', source.trim());
      return api<{ id: string }>(`/api/v1/imports?${qs}`, { body: file, contentType: 'text/csv' });
    },
    onSuccess: (r) => navigate(`/import/${r.id}`),
  });
  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setMissing(!file);
        if (file) upload.mutate();
      }}
    >
      <p>{t('import.intro')}</p>
      <div className={missing ? 'field invalid' : 'field'}>
        <label htmlFor={fileId}>{t('import.file')}</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          aria-invalid={missing}
          aria-describedby={missing ? `${fileId}-error` : undefined}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        {missing ? (
          <p id={`${fileId}-error`} className="field-error">
            {t('import.chooseFile')}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={sourceId}>{t('import.source')}</label>
        <input
          id={sourceId}
          value={source}
          onChange={(e) => setSource(e.target.value)}
          aria-describedby={`${sourceId}-hint`}
        />
        <p id={`${sourceId}-hint`} className="hint">
          {t('import.sourceHint')}
        </p>
      </div>
      {upload.isError ? <ErrorMessage error={upload.error} /> : null}
      <button type="submit" disabled={upload.isPending}>
        {t('import.start')}
      </button>
    </form>
  );
}

function ImportProgress({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const job = useQuery({
    queryKey: ['import', id],
    queryFn: () => api<TImportJob>(`/api/v1/imports/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data?.state === 'running' ? 500 : false),
  });
  const rejects = useQuery({
    queryKey: ['import', id, 'rejects'],
    enabled: job.data !== undefined && job.data.state !== 'running' && job.data.has_rejects,
    queryFn: async () => parseCsv(await api<string>(`/api/v1/imports/${encodeURIComponent(id)}/rejects`)),
  });
  if (job.isPending) return <p role="status">{t('common.loading')}</p>;
  if (job.isError) return <ErrorMessage error={job.error} />;
  const j = job.data;
  const [header, ...rows] = rejects.data ?? [];
  return (
    <>
      <div className="card">
        <h2>{t(`import.states.${j.state}`)}</h2>
        <progress max={Math.max(j.bytes_total, 1)} value={j.bytes_read} aria-label={t('import.progress')} />
        <dl className="facts" aria-live="polite">
          <div>
            <dt>{t('import.linesRead')}</dt>
            <dd>{n(j.lines_read)}</dd>
          </div>
          <div>
            <dt>{t('import.written')}</dt>
            <dd>{n(j.records_written)}</dd>
          </div>
          <div>
            <dt>{t('import.unchanged')}</dt>
            <dd>{n(j.unchanged)}</dd>
          </div>
          <div>
            <dt>{t('import.rejected')}</dt>
            <dd>{n(j.rejected)}</dd>
          </div>
          {/* Linking, as the CLI reports it (issue 17). */}
          {j.state === 'done' ? (
            <>
              <div>
                <dt>{t('import.linked')}</dt>
                <dd>{n(j.linked)}</dd>
              </div>
              <div>
                <dt>{t('import.possible')}</dt>
                <dd>{n(j.possible)}</dd>
              </div>
            </>
          ) : null}
        </dl>
        {j.error ? (
          <p role="alert" className="error">
            {t('import.stopped')} <span lang="en">{j.error}</span>
          </p>
        ) : null}
      </div>
      {j.state !== 'running' && j.has_rejects ? (
        <section aria-labelledby="rejects-title" className="card">
          <h2 id="rejects-title">{t('import.rejectsTitle')}</h2>
          <p>
            <a href={`/api/v1/imports/${encodeURIComponent(id)}/rejects`} download>
              {t('import.download')}
            </a>
          </p>
          {rejects.isError ? <ErrorMessage error={rejects.error} /> : null}
          {header ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('import.line')}</th>
                  <th scope="col">{t('fields.external_id')}</th>
                  <th scope="col">{t('import.column')}</th>
                  <th scope="col">{t('import.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i}>
                    <td>{r[0]}</td>
                    <td>{r[1]}</td>
                    <td>{r[2] ? t(`fields.${r[2]}`, { defaultValue: r[2] }) : '—'}</td>
                    <td lang="en">{r[3]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
