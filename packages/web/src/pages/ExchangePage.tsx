import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import type { Board, BoardEntry, Diff, ExchangeDetail, ReconciliationReport } from './exchangeApi.js';

type Side = 'ours' | 'theirs';

/** One exchange: its lists in versions with their diff, the verification board, the reconciliation. */
export function Component() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [side, setSide] = useState<Side>('ours');
  const detail = useQuery({
    queryKey: ['exchange', id],
    queryFn: () => api<ExchangeDetail>(`/api/v1/exchanges/${encodeURIComponent(id)}`),
  });
  if (detail.isPending) return <p role="status">{t('common.loading')}</p>;
  if (detail.isError) return <ErrorMessage error={detail.error} />;
  const x = detail.data;
  const versions = x.versions.filter((v) => v.side === side);
  const latest = versions.at(-1);
  return (
    <section aria-labelledby="exchange-title">
      <p>
        <Link to="/exchanges">{t('exchanges.back')}</Link>
      </p>
      <h1 id="exchange-title">{x.name}</h1>
      <p>
        {x.held_on ?? '—'} · {t(`exchanges.formulas.${x.formula}`)}
      </p>
      <div className="field">
        <label>
          {t('exchanges.side')}{' '}
          <select value={side} onChange={(e) => setSide(e.target.value as Side)}>
            <option value="ours">{t('exchanges.sides.ours')}</option>
            <option value="theirs">{t('exchanges.sides.theirs')}</option>
          </select>
        </label>
      </div>
      <Upload
        title={t('exchanges.addVersion')}
        button={t('exchanges.upload')}
        url={`/api/v1/exchanges/${encodeURIComponent(id)}/lists/${side}`}
        done={(r: { version: number; lines: unknown[] }) =>
          t('exchanges.versionAdded', { version: r.version, rows: r.lines.length })
        }
        invalidate={['exchange', id]}
      />
      {latest ? (
        <>
          <p>
            {t('exchanges.export')}:{' '}
            <a
              href={`/api/v1/exchanges/${id}/lists/${side}/export?format=csv&version=${latest.version}`}
              download
            >
              CSV
            </a>{' '}
            ·{' '}
            <a
              href={`/api/v1/exchanges/${id}/lists/${side}/export?format=xlsx&version=${latest.version}`}
              download
            >
              XLSX
            </a>
          </p>
          {latest.version > 1 ? <DiffView id={id} side={side} version={latest.version} /> : null}
          <BoardView id={id} side={side} version={latest.version} />
        </>
      ) : (
        <p>{t('exchanges.noList')}</p>
      )}
      {side === 'ours' && x.formula === 'all_for_all' ? <GenerateList id={id} /> : null}
      {side === 'theirs' && latest ? (
        <>
          <Upload
            title={t('exchanges.handover')}
            button={t('exchanges.handoverButton')}
            url={`/api/v1/exchanges/${encodeURIComponent(id)}/handover`}
            done={(r: { handed_over: number }) => t('exchanges.handedOver', { n: r.handed_over })}
            invalidate={['exchange', id]}
          />
          <HandOverAgreed id={id} />
          <p>
            {t('exchanges.registerExport')}:{' '}
            <a href="/api/v1/enemy-pows/export?format=csv" download>
              CSV
            </a>{' '}
            ·{' '}
            <a href="/api/v1/enemy-pows/export?format=xlsx" download>
              XLSX
            </a>
          </p>
        </>
      ) : null}
      {side === 'ours' ? <PlanningView id={id} /> : null}
      {side === 'ours' && latest ? (
        x.reconciliation ? (
          <ReportView id={id} />
        ) : (
          <Upload
            title={t('exchanges.reconcile')}
            button={t('exchanges.reconcileButton')}
            url={`/api/v1/exchanges/${encodeURIComponent(id)}/reconciliation`}
            done={() => t('exchanges.reconciled')}
            invalidate={['exchange', id]}
          />
        )
      ) : null}
    </section>
  );
}

/**
 * Hands over, without a file, every entry of their side that the board says was agreed: the board is
 * the record (POST …/handover with no body). Confirmed first: the register of prisoners changes.
 */
function HandOverAgreed({ id }: { id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [sure, setSure] = useState(false);
  const confirmId = useId();
  const go = useMutation({
    mutationFn: () =>
      api<{ handed_over: number }>(`/api/v1/exchanges/${encodeURIComponent(id)}/handover`, {
        method: 'POST',
      }),
    onSuccess: async () => {
      setSure(false);
      await queryClient.invalidateQueries({ queryKey: ['exchange', id] });
    },
  });
  return (
    <form
      className="form card"
      aria-labelledby={`${confirmId}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (sure) go.mutate();
      }}
    >
      <h2 id={`${confirmId}-title`}>{t('exchanges.handoverAgreed')}</h2>
      <p>{t('exchanges.handoverAgreedIntro')}</p>
      <div className="field">
        <label htmlFor={confirmId}>
          <input id={confirmId} type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} />{' '}
          {t('exchanges.handoverAgreedConfirm')}
        </label>
      </div>
      {go.isError ? <ErrorMessage error={go.error} /> : null}
      {go.isSuccess ? <p role="status">{t('exchanges.handedOver', { n: go.data.handed_over })}</p> : null}
      <button type="submit" disabled={!sure || go.isPending}>
        {t('exchanges.handoverAgreedButton')}
      </button>
    </form>
  );
}

function Upload<R>(props: {
  title: string;
  button: string;
  url: string;
  done: (r: R) => string;
  invalidate: string[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const fileId = useId();
  const upload = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error('no file');
      const name = file.name.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 120) || 'list.csv';
      return api<R>(`${props.url}?file_name=${encodeURIComponent(name)}`, {
        body: file,
        contentType: 'application/octet-stream',
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: props.invalidate }),
  });
  return (
    <form
      className="form card"
      onSubmit={(e) => {
        e.preventDefault();
        if (file) upload.mutate();
      }}
    >
      <h2>{props.title}</h2>
      <div className="field">
        <label htmlFor={fileId}>{t('importOffice.file')}</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      {upload.isError ? <ErrorMessage error={upload.error} /> : null}
      {upload.isSuccess ? <p role="status">{props.done(upload.data)}</p> : null}
      <button type="submit" disabled={upload.isPending}>
        {props.button}
      </button>
    </form>
  );
}

function DiffView({ id, side, version }: { id: string; side: Side; version: number }) {
  const { t } = useTranslation();
  const diff = useQuery({
    queryKey: ['exchange', id, side, 'diff', version],
    queryFn: () => api<Diff>(`/api/v1/exchanges/${id}/lists/${side}/versions/${version}/diff`),
  });
  if (!diff.data) return diff.isError ? <ErrorMessage error={diff.error} /> : null;
  const d = diff.data;
  return (
    <section aria-labelledby="diff-title" className="card">
      <h2 id="diff-title">{t('exchanges.diffTitle', { version: d.version, previous: d.previous })}</h2>
      <ul>
        <li>{t('exchanges.added', { ids: d.added.join(', ') || '—' })}</li>
        <li>{t('exchanges.removed', { ids: d.removed.join(', ') || '—' })}</li>
        <li>
          {t('exchanges.changed', {
            ids: d.changed.map((c) => `${c.external_id} (${c.fields.join(', ')})`).join('; ') || '—',
          })}
        </li>
      </ul>
    </section>
  );
}

const NEXT: Record<BoardEntry['state'], BoardEntry['state'][]> = {
  proposed: ['identity_verified'],
  identity_verified: ['agreed'],
  agreed: [],
  crossed: [],
  not_crossed: [],
};

function BoardView({ id, side, version }: { id: string; side: Side; version: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [evidence, setEvidence] = useState('');
  const evidenceId = useId();
  const board = useQuery({
    queryKey: ['exchange', id, side, 'board', version],
    queryFn: () => api<Board>(`/api/v1/exchanges/${id}/lists/${side}?version=${version}`),
  });
  const move = useMutation({
    mutationFn: (m: { externalId: string; state: string; personId?: string }) =>
      api(`/api/v1/exchanges/${id}/lists/${side}/entries/${encodeURIComponent(m.externalId)}/verify`, {
        json: {
          state: m.state,
          ...(evidence.trim() ? { evidence: evidence.trim() } : {}),
          ...(m.personId ? { person_id: m.personId } : {}),
        },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exchange', id] }),
  });
  if (!board.data) return board.isError ? <ErrorMessage error={board.error} /> : null;
  return (
    <section aria-labelledby="board-title" className="card">
      <h2 id="board-title">{t('exchanges.boardTitle', { version: board.data.version })}</h2>
      <div className="field">
        <label htmlFor={evidenceId}>{t('exchanges.evidence')}</label>
        <input id={evidenceId} value={evidence} onChange={(e) => setEvidence(e.target.value)} />
      </div>
      {move.isError ? <ErrorMessage error={move.error} /> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('fields.external_id')}</th>
            <th scope="col">{t('exchanges.nameCol')}</th>
            <th scope="col">{t('exchanges.birth')}</th>
            <th scope="col">{t('exchanges.categories')}</th>
            <th scope="col">{t('exchanges.link')}</th>
            <th scope="col">{t('exchanges.state')}</th>
            <th scope="col">{t('exchanges.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {board.data.entries.map((e) => (
            <tr key={e.external_id}>
              <td>{e.external_id}</td>
              <td>{[e.family_name, e.given_name, e.patronymic].filter(Boolean).join(' ')}</td>
              <td>{e.birth_date ?? '—'}</td>
              <td>{e.categories.map((c) => t(`exchanges.cat.${c}`)).join(', ') || '—'}</td>
              <td>
                {e.person_id && side === 'ours' ? (
                  <Link to={`/persons/${e.person_id}`}>{t(`exchanges.decisions.${e.decision}`)}</Link>
                ) : (
                  t(`exchanges.decisions.${e.decision}`)
                )}
                {side === 'ours' && e.alternatives && e.alternatives.length > 0 ? (
                  <Alternatives
                    entry={e}
                    alternatives={e.alternatives}
                    busy={move.isPending}
                    verify={(personId) =>
                      move.mutate({ externalId: e.external_id, state: 'identity_verified', personId })
                    }
                  />
                ) : null}
              </td>
              <td>
                {t(`exchanges.states.${e.state}`)}
                {e.reason ? ` (${t(`exchanges.reasons.${e.reason}`)})` : ''}
              </td>
              <td>
                {NEXT[e.state].map((s) => (
                  <button
                    key={s}
                    type="button"
                    disabled={move.isPending}
                    aria-label={`${t(`exchanges.states.${s}`)}: ${e.external_id}`}
                    onClick={() => move.mutate({ externalId: e.external_id, state: s })}
                  >
                    {t(`exchanges.states.${s}`)}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The persons a possible entry may be besides its best, close behind it (within two bits, from the review
 * threshold up): each opens its file, and while the entry is proposed, the coordinator may verify the entry's
 * identity as that person (with the evidence given above).
 */
function Alternatives(props: {
  entry: BoardEntry;
  alternatives: NonNullable<BoardEntry['alternatives']>;
  busy: boolean;
  verify: (personId: string) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const open = props.entry.state === 'proposed';
  return (
    <div className="alternatives">
      <span id={headingId}>{t('exchanges.alternatives')}:</span>
      <ul aria-labelledby={headingId}>
        {props.alternatives.map((a, i) => (
          <li key={a.person_id}>
            <Link to={`/persons/${a.person_id}`}>
              {t('exchanges.alternative', { n: i + 1, score: a.score.toFixed(1) })}
            </Link>
            {open ? (
              <>
                {' '}
                <button
                  type="button"
                  disabled={props.busy}
                  aria-label={`${t('exchanges.verifyAs', { n: i + 1 })}: ${props.entry.external_id}`}
                  onClick={() => props.verify(a.person_id)}
                >
                  {t('exchanges.verifyAs', { n: i + 1 })}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ReportView({ id }: { id: string }) {
  const { t } = useTranslation();
  const report = useQuery({
    queryKey: ['exchange', id, 'reconciliation'],
    queryFn: () => api<ReconciliationReport>(`/api/v1/exchanges/${id}/reconciliation`),
  });
  if (!report.data) return report.isError ? <ErrorMessage error={report.error} /> : null;
  const r = report.data;
  return (
    <section aria-labelledby="report-title" className="card">
      <h2 id="report-title">{t('exchanges.reportTitle')}</h2>
      <dl className="facts">
        {(['returned', 'returned_unlisted', 'returned_unknown', 'not_returned'] as const).map((o) => (
          <div key={o}>
            <dt>{t(`exchanges.outcomes.${o}`)}</dt>
            <dd>{r.counts[o] ?? 0}</dd>
          </div>
        ))}
      </dl>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('exchanges.row')}</th>
            <th scope="col">{t('exchanges.outcome')}</th>
            <th scope="col">{t('exchanges.entry')}</th>
            <th scope="col">{t('exchanges.person')}</th>
          </tr>
        </thead>
        <tbody>
          {r.rows.map((x, i) => (
            <tr key={i}>
              <td>{x.external_id ?? '—'}</td>
              <td>
                {t(`exchanges.outcomes.${x.outcome}`)}
                {x.problem ? <span lang="en"> — {x.problem}</span> : null}
              </td>
              <td>{x.entry_external_id ?? '—'}</td>
              <td>{x.person_id ? <Link to={`/persons/${x.person_id}`}>{t('exchanges.open')}</Link> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** All for all of named categories: the complete list generated from the pool, as a new version of ours. */
function GenerateList({ id }: { id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const generate = useMutation({
    mutationFn: () =>
      api<{ version: number; rows: number }>(
        `/api/v1/exchanges/${encodeURIComponent(id)}/lists/ours/generate`,
        { method: 'POST' },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exchange', id] }),
  });
  return (
    <div className="card">
      <p>{t('exchanges.generate')}</p>
      <button type="button" onClick={() => generate.mutate()} disabled={generate.isPending}>
        {t('exchanges.generateButton')}
      </button>
      {generate.isSuccess ? (
        <p role="status">
          {t('exchanges.generated', { version: generate.data.version, rows: generate.data.rows })}
        </p>
      ) : null}
      {generate.isError ? <ErrorMessage error={generate.error} /> : null}
    </div>
  );
}

interface Planning {
  pools: { ours: Record<string, number>; theirs_held: number };
  gaps: { id: string; family_name: string | null; given_name: string | null; birth_date: string | null }[];
  order: {
    rank: number;
    external_id: string;
    seriously_wounded_sick: boolean;
    captivity_since: string | null;
  }[];
}

/** The pools, who of ours is held but on no list, and the proposed N-for-N order. */
function PlanningView({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['exchange', id, 'planning'],
    queryFn: () => api<Planning>(`/api/v1/exchanges/${encodeURIComponent(id)}/planning`),
  });
  if (q.isPending) return null;
  if (q.isError) return <ErrorMessage error={q.error} />;
  const p = q.data;
  return (
    <section aria-labelledby="planning-title" className="card">
      <h2 id="planning-title">{t('exchanges.planning')}</h2>
      <p>
        {t('exchanges.poolOurs')}:{' '}
        {Object.entries(p.pools.ours)
          .map(([c, n]) => `${c} ${n}`)
          .join(' · ') || '—'}
        . {t('exchanges.poolTheirs')}: {p.pools.theirs_held}.
      </p>
      <p>
        {t('exchanges.gaps')}: {p.gaps.length}
      </p>
      {p.gaps.length > 0 ? (
        <ul>
          {p.gaps.slice(0, 20).map((g) => (
            <li key={g.id}>
              <Link to={`/persons/${g.id}`}>
                {[g.family_name, g.given_name].filter(Boolean).join(' ') || g.id}
              </Link>{' '}
              {g.birth_date ?? ''}
            </li>
          ))}
        </ul>
      ) : null}
      {p.order.length > 0 ? (
        <>
          <p>{t('exchanges.order')}:</p>
          <ol>
            {p.order.slice(0, 50).map((o) => (
              <li key={o.external_id}>
                {o.external_id}
                {o.seriously_wounded_sick ? ' ✚' : ''} {o.captivity_since ?? ''}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
