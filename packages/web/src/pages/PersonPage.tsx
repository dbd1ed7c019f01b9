import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TPersonDetail } from '@server/modules/persons/schemas.js';
import type { TRecord } from '@server/modules/records/schemas.js';
import { api, isMissingRoute } from '../api.js';
import { useActorNames } from '../components/actors.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime, formatPartialDate } from '../format.js';
import { can, useSession } from '../session.js';
import { PersonTracingRequests } from './TracingQueuePage.js';

interface LinkItem {
  record_id: string;
  kind: string;
  score: number | null;
  model_version: string | null;
  decided_by: string | null;
  reason: string | null;
  created_at: string;
  ended_at: string | null;
}

interface AuditItem {
  seq: number;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
}

const RECORD_ROWS = [
  'family_name',
  'given_name',
  'patronymic',
  'sex',
  'birth_date',
  'place_of_birth',
  'category',
  'status',
  'unit',
  'service_number',
  'military_rank',
  'marks',
  'source_ref',
  'entered_by',
] as const satisfies readonly (keyof TRecord)[];

/** One person's file: best view, every record side by side, the timeline, links and (for auditors) readers. */
export function Component() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const session = useSession();
  const heading = useRef<HTMLHeadingElement>(null);

  const person = useQuery({
    queryKey: ['person', id],
    queryFn: () => api<TPersonDetail>(`/api/v1/persons/${encodeURIComponent(id)}`),
  });
  const links = useQuery({
    queryKey: ['person', id, 'links'],
    queryFn: async () => {
      try {
        return (await api<{ items: LinkItem[] }>(`/api/v1/persons/${encodeURIComponent(id)}/links`)).items;
      } catch (err) {
        if (isMissingRoute(err)) return null;
        throw err;
      }
    },
  });
  const canAudit = can(session.data, 'audit:read');
  const viewers = useQuery({
    queryKey: ['person', id, 'audit'],
    enabled: canAudit,
    queryFn: () =>
      api<{ items: AuditItem[] }>(
        `/api/v1/audit?object_type=person&action=person.read&object_id=${encodeURIComponent(id)}`,
      ),
  });

  // Who entered, decided or viewed: named, never a bare id.
  const actorName = useActorNames([
    ...(person.data?.records.map((r) => r.entered_by) ?? []),
    ...(person.data?.events.map((e) => e.entered_by) ?? []),
    ...(links.data?.map((l) => l.decided_by) ?? []),
    ...(viewers.data?.items.map((a) => a.actor_id) ?? []),
  ]);

  useEffect(() => {
    if (person.data) heading.current?.focus();
  }, [person.data]);

  const viewersSection = canAudit ? (
    <section aria-labelledby="viewers-title" className="card">
      <h2 id="viewers-title">{t('person.viewers')}</h2>
      {viewers.isError ? (
        <ErrorMessage error={viewers.error} />
      ) : viewers.data && viewers.data.items.length === 0 ? (
        <p>{t('person.noViewers')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('person.viewer')}</th>
              <th scope="col">{t('person.viewedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {(viewers.data?.items ?? []).map((a) => (
              <tr key={a.seq}>
                <td>
                  {actorName(a.actor_id)} ({t(`actorKinds.${a.actor_kind}`, { defaultValue: a.actor_kind })})
                </td>
                <td>{formatDateTime(a.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  ) : null;

  if (person.isPending) return <p role="status">{t('common.loading')}</p>;
  if (person.isError) {
    // An auditor sees who read a file without seeing the file itself.
    return (
      <article aria-labelledby="person-title">
        <h1 id="person-title">{t('person.fileOf', { id })}</h1>
        {canAudit ? null : <ErrorMessage error={person.error} />}
        {viewersSection}
      </article>
    );
  }
  const p = person.data;
  const fullName = [p.family_name, p.given_name, p.patronymic].filter(Boolean).join(' ');
  const first = p.records[0];
  const events = [...p.events].sort(
    (a, b) =>
      (a.occurred_on ?? a.created_at).localeCompare(b.occurred_on ?? b.created_at) ||
      a.created_at.localeCompare(b.created_at),
  );
  const cell = (r: TRecord, f: (typeof RECORD_ROWS)[number]): string => {
    const v = r[f];
    if (v === null || v === '') return '—';
    if (f === 'birth_date') return formatPartialDate(v);
    if (f === 'category') return t(`categories.${v}`);
    if (f === 'status') return t(`statuses.${v}`);
    if (f === 'sex') return t(`sexes.${v}`);
    if (f === 'entered_by') return actorName(v);
    return v;
  };

  return (
    <article aria-labelledby="person-title">
      <h1 id="person-title" ref={heading} tabIndex={-1}>
        {fullName || t('person.unnamed')}
      </h1>
      <div className="actions">
        {can(session.data, 'event:create') && (
          <Link to={`/persons/${p.id}/events/new`}>{t('person.addEvent')}</Link>
        )}
        {can(session.data, 'record:create') && (
          <Link to={`/records/new?person=${p.id}`}>{t('person.addRecord')}</Link>
        )}
      </div>

      <section aria-labelledby="summary-title" className="card">
        <h2 id="summary-title">{t('person.summary')}</h2>
        <dl className="facts wide">
          <div>
            <dt>{t('person.birthDate')}</dt>
            <dd>{formatPartialDate(p.birth_date)}</dd>
          </div>
          <div>
            <dt>{t('person.sex')}</dt>
            <dd>{p.sex ? t(`sexes.${p.sex}`) : '—'}</dd>
          </div>
          <div>
            <dt>{t('person.category')}</dt>
            <dd>{t(`categories.${p.category}`)}</dd>
          </div>
          <div>
            <dt>{t('person.status')}</dt>
            <dd>
              <span className={`status status-${p.status}`}>{t(`statuses.${p.status}`)}</span>
            </dd>
          </div>
          <div>
            <dt>{t('person.assertedBy')}</dt>
            <dd>
              {p.status_event
                ? t('person.assertion', {
                    source: p.status_event.source ?? t('person.noSource'),
                    who: actorName(p.status_event.entered_by),
                    date: p.status_event.occurred_on
                      ? formatPartialDate(p.status_event.occurred_on)
                      : `${t('common.dateUnknown')} (${t('person.reportedOn', { date: formatPartialDate(p.status_event.created_at) })})`,
                    confidence: t(`confidences.${p.status_event.confidence}`),
                  })
                : t('person.noAssertion')}
            </dd>
          </div>
        </dl>
        <table className="names-table">
          <caption>{t('person.names')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('person.script')}</th>
              <th scope="col">{t('fields.family_name')}</th>
              <th scope="col">{t('fields.given_name')}</th>
              <th scope="col">{t('fields.patronymic')}</th>
              <th scope="col">{t('person.recordCount')}</th>
            </tr>
          </thead>
          <tbody>
            {p.names.map((n, i) => (
              <tr key={i}>
                <td>{t(`scripts.${n.script}`, { defaultValue: n.script })}</td>
                <td>{n.family_name ?? '—'}</td>
                <td>{n.given_name ?? '—'}</td>
                <td>{n.patronymic ?? '—'}</td>
                <td>{n.records}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="records-title" className="card">
        <h2 id="records-title">{t('person.records', { count: p.records.length })}</h2>
        <div className="scroll-x" tabIndex={0} role="region" aria-labelledby="records-title">
          <table className="side-by-side">
            <thead>
              <tr>
                <th scope="col">{t('person.field')}</th>
                {p.records.map((r) => (
                  <th scope="col" key={r.id}>
                    <span className="source">{r.source.name}</span>
                    <span className="meta">
                      {t(`sourceTypes.${r.source.type}`)} ·{' '}
                      {t('person.reliability', { grade: r.reliability })}
                    </span>
                    <span className="meta">{formatPartialDate(r.source_date ?? r.created_at)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {RECORD_ROWS.map((f) => (
                <tr key={f}>
                  <th scope="row">{t(`fields.${f}`)}</th>
                  {p.records.map((r) => {
                    // Who typed a record in says nothing about the person: never a difference.
                    const differs =
                      f !== 'entered_by' &&
                      first !== undefined &&
                      r !== first &&
                      (r[f] ?? '') !== (first[f] ?? '');
                    return (
                      <td key={r.id} className={differs ? 'differs' : undefined}>
                        {cell(r, f)}
                        {differs ? <span className="visually-hidden"> ({t('review.differs')})</span> : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="timeline-title" className="card">
        <h2 id="timeline-title">{t('person.timeline')}</h2>
        {events.length === 0 ? (
          <p>{t('person.noEvents')}</p>
        ) : (
          <ol className="timeline">
            {events.map((e) => (
              <li key={e.id} className={e.id === p.status_event?.id ? 'current' : undefined}>
                {/* An undated event says so; it sorts by when it was entered, never posing as that day. */}
                <span className="when">
                  {e.occurred_on
                    ? formatPartialDate(e.occurred_on)
                    : `${t('common.dateUnknown')} (${t('person.reportedOn', { date: formatPartialDate(e.created_at) })})`}
                </span>{' '}
                <strong>{t(`eventTypes.${e.type}`)}</strong>{' '}
                <span className="meta">
                  {t(`confidences.${e.confidence}`)} · {e.source ?? t('person.noSource')} ·{' '}
                  {t('person.enteredBy', { who: actorName(e.entered_by) })}
                </span>
                {e.note ? <p className="note">{e.note}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="links-title" className="card">
        <h2 id="links-title">{t('person.links')}</h2>
        {links.isPending ? (
          <p role="status">{t('common.loading')}</p>
        ) : links.isError ? (
          <ErrorMessage error={links.error} />
        ) : links.data === null ? (
          <p>{t('person.linksUnavailable')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('person.linkRecord')}</th>
                <th scope="col">{t('person.linkKind')}</th>
                <th scope="col">{t('person.linkScore')}</th>
                <th scope="col">{t('person.linkDecidedBy')}</th>
                <th scope="col">{t('person.linkWhen')}</th>
              </tr>
            </thead>
            <tbody>
              {links.data.map((l) => (
                <tr key={`${l.record_id}-${l.created_at}`} className={l.ended_at ? 'ended' : undefined}>
                  <td>{p.records.find((r) => r.id === l.record_id)?.source.name ?? l.record_id}</td>
                  <td>{t(`linkKinds.${l.kind}`, { defaultValue: l.kind })}</td>
                  <td>{l.score === null ? '—' : l.score.toFixed(1)}</td>
                  <td>
                    {l.kind === 'auto' || !l.decided_by ? t('person.automatic') : actorName(l.decided_by)}
                    {l.reason ? ` — ${l.reason}` : ''}
                  </td>
                  <td>
                    {formatDateTime(l.created_at)}
                    {l.ended_at ? ` → ${formatDateTime(l.ended_at)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {/* Tracing requests (#12): the families asking about this person. */}
      {can(session.data, 'tracing:read') ? <PersonTracingRequests personId={p.id} /> : null}
      {viewersSection}
    </article>
  );
}
