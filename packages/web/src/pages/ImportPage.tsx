import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Encoding } from '@server/modules/imports/detect.js';
import type { MappableField } from '@server/modules/imports/mapColumns.js';
import type { TImportJob, TImportPreview } from '@server/modules/imports/schemas.js';
import { api } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { parseCsv } from '../csv.js';
import { formatDateTime, formatNumber } from '../format.js';

/** Upload a list (preview how it is read, confirm or change the mapping), follow its progress, read the rejects report. */
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

// The server's lists, repeated here (their modules pull in server-only code); the types keep them in step.
const ENCODINGS = [
  'utf-8',
  'windows-1251',
  'koi8-u',
  'utf-16le',
  'utf-16be',
] as const satisfies readonly Encoding[];
const FIELD_NAMES: Record<MappableField, true> = {
  full_name: true,
  family_name: true,
  given_name: true,
  patronymic: true,
  birth_date: true,
  sex: true,
  category: true,
  status: true,
  unit: true,
  service_number: true,
  military_rank: true,
  place_of_birth: true,
  marks: true,
  external_id: true,
  source: true,
  source_ref: true,
  source_date: true,
  reliability: true,
  attribute: true,
  ignore: true,
};
const MAPPABLE_FIELDS = Object.keys(FIELD_NAMES) as MappableField[];

/** What the preview may be asked to override. */
interface ReadOverrides {
  encoding: string;
  delimiter: string;
}

/** A PFIF file (by its name, as the picker offers it): it names its own fields, so it has no preview. */
function isPfif(file: File): boolean {
  return /\.xml$/i.test(file.name);
}

/** The part of a file the preview needs: a CSV's first 64 KB (what the server samples), an .xlsx whole. */
function previewBody(file: File): Blob {
  return /\.xlsx$/i.test(file.name) ? file : file.slice(0, 64 * 1024);
}

/** `Column=field` pairs for the columns whose field the header alone would not give (map option syntax). */
function mapOption(columns: TImportPreview['columns'], fields: Record<string, string>): string {
  return columns
    .filter((c) => !/[,=]/.test(c.column))
    .filter((c) => c.by === 'saved' || c.by === 'map' || (fields[c.column] ?? c.field) !== c.field)
    .map((c) => `${c.column}=${fields[c.column] ?? c.field}`)
    .join(',');
}

function UploadForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('');
  const [missing, setMissing] = useState(false);
  const [read, setRead] = useState<ReadOverrides>({ encoding: '', delimiter: '' });
  // The registrar's choices, by column name; absent = as the preview says.
  const [fields, setFields] = useState<Record<string, string>>({});
  const [remember, setRemember] = useState(true);
  const fileId = useId();
  const sourceId = useId();

  const readQuery = (extra: Record<string, string> = {}) => {
    const qs = new URLSearchParams();
    if (source.trim()) qs.set('source', source.trim());
    if (read.encoding) qs.set('encoding', read.encoding);
    if (read.delimiter) qs.set('delimiter', read.delimiter);
    for (const [k, v] of Object.entries(extra)) qs.set(k, v);
    return qs;
  };
  const preview = useQuery({
    queryKey: ['import-preview', file?.name, file?.size, file?.lastModified, source.trim(), read],
    enabled: file !== null && !isPfif(file),
    retry: false,
    queryFn: () =>
      api<TImportPreview>(`/api/v1/imports/preview?${readQuery()}`, {
        body: previewBody(file as File),
        contentType: 'application/octet-stream',
      }),
  });
  const upload = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error('no file');
      const map = preview.data ? mapOption(preview.data.columns, fields) : '';
      const extra: Record<string, string> = {};
      if (map) extra['map'] = map;
      if (map && remember && source.trim()) extra['remember_map'] = 'true';
      // The server detects the format (CSV dialect or .xlsx) from the content.
      return api<{ id: string }>(`/api/v1/imports?${readQuery(extra)}`, {
        body: file,
        contentType: 'application/octet-stream',
      });
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
      <p>{t('importOffice.intro')}</p>
      <div className={missing ? 'field invalid' : 'field'}>
        <label htmlFor={fileId}>{t('importOffice.fileOrPfif')}</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,.txt,.xlsx,.xml,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/xml,text/xml"
          aria-invalid={missing}
          aria-describedby={missing ? `${fileId}-error` : undefined}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setFields({});
            setRead({ encoding: '', delimiter: '' });
          }}
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
      {file && isPfif(file) ? (
        <p role="status" data-testid="pfif-no-preview">
          {t('importOffice.pfifNoPreview')}
        </p>
      ) : file ? (
        preview.isPending ? (
          <p role="status">{t('common.loading')}</p>
        ) : preview.isError ? (
          <ErrorMessage error={preview.error} />
        ) : (
          <Preview
            preview={preview.data}
            read={read}
            onRead={(r) => {
              setRead(r);
              setFields({});
            }}
            fields={fields}
            onField={(column, field) => setFields((f) => ({ ...f, [column]: field }))}
            remember={remember}
            onRemember={setRemember}
            source={source.trim()}
          />
        )
      ) : null}
      {upload.isError ? <ErrorMessage error={upload.error} /> : null}
      <button type="submit" disabled={upload.isPending}>
        {t('import.start')}
      </button>
    </form>
  );
}

/** The preview: how the file will be read, each column's field (editable), and the first rows. */
function Preview(props: {
  preview: TImportPreview;
  read: ReadOverrides;
  onRead: (r: ReadOverrides) => void;
  fields: Record<string, string>;
  onField: (column: string, field: string) => void;
  remember: boolean;
  onRemember: (v: boolean) => void;
  source: string;
}) {
  const { t } = useTranslation();
  const p = props.preview;
  const d = p.detected;
  const base = useId();
  return (
    <section aria-labelledby={`${base}-title`} className="card">
      <h2 id={`${base}-title`}>{t('importOffice.previewTitle')}</h2>
      <dl className="facts" data-testid="preview-detected">
        <ReadFacts read={d} />
        <div>
          <dt>{t('importOffice.headerLanguage')}</dt>
          <dd>{t(`importOffice.languages.${p.header_language}`)}</dd>
        </div>
      </dl>
      {p.saved_mapping ? (
        <p role="status">{t('importOffice.savedApplied', { source: props.source })}</p>
      ) : null}
      {d.format === 'csv' ? (
        <div className="row-actions">
          <div className="field">
            <label htmlFor={`${base}-enc`}>{t('importOffice.encodingOverride')}</label>
            <select
              id={`${base}-enc`}
              value={props.read.encoding}
              onChange={(e) => props.onRead({ ...props.read, encoding: e.target.value })}
            >
              <option value="">{t('importOffice.detect')}</option>
              {ENCODINGS.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${base}-delim`}>{t('importOffice.delimiterOverride')}</label>
            <select
              id={`${base}-delim`}
              value={props.read.delimiter}
              onChange={(e) => props.onRead({ ...props.read, delimiter: e.target.value })}
            >
              <option value="">{t('importOffice.detect')}</option>
              {[',', ';', 'tab', '|'].map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      <div className="table-scroll" role="region" aria-label={t('importOffice.columnsTitle')} tabIndex={0}>
        <table>
          <caption>{t('importOffice.columnsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('importOffice.columnFile')}</th>
              <th scope="col">{t('importOffice.columnField')}</th>
              <th scope="col">{t('importOffice.decidedBy')}</th>
              <th scope="col">{t('importOffice.firstValue')}</th>
            </tr>
          </thead>
          <tbody>
            {p.columns.map((c, i) => {
              const value = props.fields[c.column] ?? c.field;
              const changed = value !== c.field;
              return (
                <tr key={c.column}>
                  <th scope="row">{c.column}</th>
                  <td>
                    <select
                      aria-label={t('importOffice.fieldOf', { column: c.column })}
                      value={value}
                      disabled={/[,=]/.test(c.column)}
                      onChange={(e) => props.onField(c.column, e.target.value)}
                    >
                      {MAPPABLE_FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {t(`importOffice.fields.${f}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{t(`importOffice.by.${changed ? 'map' : c.by}`)}</td>
                  <td>{p.rows[0]?.cells[i] ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {p.rows.length > 0 ? (
        <div className="table-scroll" role="region" aria-label={t('importOffice.firstRows')} tabIndex={0}>
          <table data-testid="preview-rows">
            <caption>{t('importOffice.firstRows')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.line')}</th>
                {p.columns.map((c) => (
                  <th scope="col" key={c.column}>
                    {c.column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  {p.columns.map((c, i) => (
                    <td key={c.column}>{r.cells[i] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {props.source ? (
        <label className="check">
          <input
            type="checkbox"
            checked={props.remember}
            onChange={(e) => props.onRemember(e.target.checked)}
          />{' '}
          {t('importOffice.remember', { source: props.source })}
        </label>
      ) : (
        <p className="hint">{t('importOffice.rememberNeedsSource')}</p>
      )}
    </section>
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
            <dt>{t('import.linked')}</dt>
            <dd>{n(j.linked)}</dd>
          </div>
          <div>
            <dt>{t('import.possible')}</dt>
            <dd>{n(j.possible)}</dd>
          </div>
          <div>
            <dt>{t('import.unchanged')}</dt>
            <dd>{n(j.unchanged)}</dd>
          </div>
          <div>
            <dt>{t('import.rejected')}</dt>
            <dd>{n(j.rejected)}</dd>
          </div>
        </dl>
        {j.same_file_imported_at ? (
          <p className="hint">
            {t('import.sameFileBefore', { when: formatDateTime(j.same_file_imported_at) })}
          </p>
        ) : null}
        {j.error ? (
          <p role="alert" className="error">
            {t('import.stopped')} <span lang="en">{j.error}</span>
          </p>
        ) : null}
      </div>
      {j.detected ? <Detected detected={j.detected} /> : null}
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

/** How the server read the file: format, encoding, delimiter or sheet, and which column became which field. */
/** How a file was read (format, encoding, delimiter, line ends, sheet): the facts a `dl` lists, those known. */
function ReadFacts({ read }: { read: ReadFactsOf }) {
  const { t } = useTranslation();
  const facts: [string, string | null | undefined][] = [
    ['importOffice.format', read.format.toUpperCase()],
    ['importOffice.encoding', read.encoding],
    ['importOffice.delimiter', read.delimiter],
    ['importOffice.lineEnds', read.lineEnds],
    ['importOffice.sheet', read.sheet],
  ];
  return (
    <>
      {facts.map(([label, value]) =>
        value ? (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
          </div>
        ) : null,
      )}
    </>
  );
}

interface ReadFactsOf {
  format: string;
  encoding?: string | null;
  delimiter?: string | null;
  lineEnds?: string | null;
  sheet?: string | null;
}

function Detected({ detected }: { detected: NonNullable<TImportJob['detected']> }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="detected-title" className="card">
      <h2 id="detected-title">{t('importOffice.detectedTitle')}</h2>
      <dl className="facts">
        <ReadFacts read={detected} />
      </dl>
      <table>
        <caption>{t('importOffice.columnsTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('importOffice.columnFile')}</th>
            <th scope="col">{t('importOffice.columnField')}</th>
          </tr>
        </thead>
        <tbody>
          {detected.columns.map((c) => (
            <tr key={c.column}>
              <td>{c.column}</td>
              <td>{t(`fields.${c.field}`, { defaultValue: c.field })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
