import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { z } from 'zod';
import type { TPersonDetail } from '@server/modules/persons/schemas.js';
import { TRANSITIONS } from '@server/modules/tracing/policy.js';
import type { TTracingRequestDetail, ZOutboxItemSchema } from '@server/modules/tracing/schemas.js';
import { api } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime, formatPartialDate } from '../format.js';
import { can, useSession } from '../session.js';

type OutboxItem = z.infer<typeof ZOutboxItemSchema>;

const SOUGHT_FIELDS = [
  'family_name',
  'given_name',
  'patronymic',
  'birth_date',
  'category',
  'unit',
  'service_number',
  'last_seen_place',
  'last_seen_date',
  'circumstances',
] as const;

/** A candidate's name and status, read through the gate (audited as a read of that person). */
function PersonName({ id }: { id: string }) {
  const { t } = useTranslation();
  const person = useQuery({
    queryKey: ['person', id],
    queryFn: () => api<TPersonDetail>(`/api/v1/persons/${encodeURIComponent(id)}`),
  });
  if (!person.data) return <Link to={`/persons/${id}`}>{t('tracing.openPerson')}</Link>;
  const p = person.data;
  const name = [p.family_name, p.given_name, p.patronymic].filter(Boolean).join(' ') || t('person.unnamed');
  return (
    <>
      <Link to={`/persons/${id}`}>{name}</Link>
      <span className="meta">
        {' '}
        · {formatPartialDate(p.birth_date)} · {t(`categories.${p.category}`)} · {t(`statuses.${p.status}`)}
        {p.withheld ? ` · ${t('tracing.withheld')}` : ''}
      </span>
    </>
  );
}

/** /tracing/:id — one request's file for a tracing officer: verify, match, answer, write, follow the mail. */
export function Component() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [icrcDate, setIcrcDate] = useState('');
  const [icrcNote, setIcrcNote] = useState('');
  const [nextState, setNextState] = useState('');
  const [personId, setPersonId] = useState('');

  const key = ['tracing', 'request', id];
  const detail = useQuery({
    queryKey: key,
    queryFn: () => api<TTracingRequestDetail>(`/api/v1/tracing-requests/${encodeURIComponent(id)}`),
  });
  const outbox = useQuery({
    queryKey: [...key, 'outbox'],
    queryFn: () => api<{ items: OutboxItem[] }>(`/api/v1/tracing-requests/${encodeURIComponent(id)}/outbox`),
  });

  // Focus the heading once, when the file first opens; refetches leave focus where the user is.
  const loaded = detail.data !== undefined;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  const act = useMutation({
    mutationFn: async (a: { path: string; json?: unknown; done: string }) => {
      await api(`/api/v1/${a.path}`, { method: 'POST', json: a.json ?? {} });
      return a.done;
    },
    onMutate: () => setNotice(null),
    // The notice comes once the file shows the change, so what it says and what is shown agree.
    onSuccess: async (done) => {
      await queryClient.invalidateQueries({ queryKey: ['tracing'] });
      await queryClient.invalidateQueries({ queryKey: ['person'] });
      setNotice(done);
    },
  });
  const base = `tracing-requests/${encodeURIComponent(id)}`;

  if (detail.isPending) return <p role="status">{t('common.loading')}</p>;
  if (detail.isError) return <ErrorMessage error={detail.error} />;
  const d = detail.data;
  const manage = can(session.data, 'tracing:manage');
  const closed = d.state === 'closed';
  const nextStates = TRANSITIONS[d.state];

  const sendMessage = (e: FormEvent) => {
    e.preventDefault();
    if (!message.trim()) return;
    act.mutate(
      { path: `${base}/messages`, json: { body: message }, done: t('tracing.messageSent') },
      { onSuccess: () => setMessage('') },
    );
  };
  const recordIcrc = (e: FormEvent) => {
    e.preventDefault();
    if (!d.person_id) return;
    act.mutate({
      path: `persons/${encodeURIComponent(d.person_id)}/events`,
      json: {
        type: 'captivity_confirmed',
        source: 'ICRC',
        confidence: 'confirmed',
        ...(icrcDate.trim() ? { occurred_on: icrcDate.trim() } : {}),
        ...(icrcNote.trim() ? { note: icrcNote.trim() } : {}),
      },
      done: t('tracing.icrcRecorded'),
    });
  };

  return (
    <article aria-labelledby="tr-title">
      <p>
        <Link to="/tracing">{t('tracing.backToQueue')}</Link>
      </p>
      <h1 id="tr-title" ref={heading} tabIndex={-1}>
        {t('tracing.requestTitle', { case: d.case_number })}
      </h1>
      <div aria-live="polite">
        {notice ? (
          <p role="status" className="notice">
            {notice}
          </p>
        ) : null}
        {act.isError ? <ErrorMessage error={act.error} /> : null}
      </div>

      <section aria-labelledby="tr-state" className="card">
        <h2 id="tr-state">{t('tracing.stateTitle')}</h2>
        <dl className="facts wide">
          <div>
            <dt>{t('tracing.state')}</dt>
            <dd data-testid="request-state">{t(`trace.states.${d.state}`)}</dd>
          </div>
          <div>
            <dt>{t('tracing.disclosed')}</dt>
            <dd data-testid="disclosed-status">{t(`trace.statuses.${d.disclosed_status}`)}</dd>
          </div>
          <div>
            <dt>{t('tracing.kinship')}</dt>
            <dd>{d.kinship_verified ? t('tracing.kinshipVerified') : t('tracing.kinshipNotVerified')}</dd>
          </div>
          <div>
            <dt>{t('tracing.age')}</dt>
            <dd>
              {t('tracing.days', { count: d.age_days })} ({t('tracing.inState')}:{' '}
              {t('tracing.days', { count: d.days_in_state })})
              {d.overdue ? <span className="badge bad"> {t('tracing.overdue')}</span> : null}
            </dd>
          </div>
        </dl>
        {d.call_required ? (
          <p className="notice" role="note">
            {t('tracing.callNotice')}
          </p>
        ) : null}
        {manage && !closed ? (
          <div className="row-actions">
            {!d.kinship_verified ? (
              <button
                type="button"
                disabled={act.isPending}
                onClick={() => act.mutate({ path: `${base}/verify`, done: t('tracing.verified') })}
              >
                {t('tracing.verify')}
              </button>
            ) : null}
            {nextStates.length > 0 ? (
              <form
                className="inline"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (nextState)
                    act.mutate({
                      path: `${base}/state`,
                      json: { state: nextState },
                      done: t('tracing.moved', { state: t(`trace.states.${nextState}`) }),
                    });
                }}
              >
                <label htmlFor="tr-next">{t('tracing.moveTo')}</label>{' '}
                <select id="tr-next" value={nextState} onChange={(e) => setNextState(e.target.value)}>
                  <option value="">{t('common.choose')}</option>
                  {nextStates.map((s) => (
                    <option key={s} value={s}>
                      {t(`trace.states.${s}`)}
                    </option>
                  ))}
                </select>{' '}
                <button type="submit" disabled={act.isPending || !nextState}>
                  {t('tracing.move')}
                </button>
              </form>
            ) : null}
          </div>
        ) : null}
      </section>

      <section aria-labelledby="tr-sought" className="card">
        <h2 id="tr-sought">{t('trace.sought')}</h2>
        <dl className="facts wide">
          {SOUGHT_FIELDS.filter((f) => d.sought[f]).map((f) => (
            <div key={f}>
              <dt>{t(`tracing.sought.${f}`)}</dt>
              <dd className={f === 'circumstances' ? 'multiline' : undefined}>
                {f === 'category' ? t(`trace.categories.${d.sought[f] ?? ''}`) : d.sought[f]}
              </dd>
            </div>
          ))}
        </dl>
        {d.person_id ? (
          <p>
            {t('tracing.linkedTo')} <PersonName id={d.person_id} />
          </p>
        ) : null}
      </section>

      <section aria-labelledby="tr-requester" className="card">
        <h2 id="tr-requester">{t('trace.requester')}</h2>
        <dl className="facts wide">
          <div>
            <dt>{t('trace.name')}</dt>
            <dd>{d.requester.name}</dd>
          </div>
          <div>
            <dt>{t('trace.email')}</dt>
            <dd>{d.requester.email}</dd>
          </div>
          {d.requester.phone ? (
            <div>
              <dt>{t('trace.phone')}</dt>
              <dd>{d.requester.phone}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('trace.relationship')}</dt>
            <dd>{t(`trace.relationships.${d.requester.relationship}`)}</dd>
          </div>
          <div>
            <dt>{t('trace.consentLegend')}</dt>
            <dd>
              {[
                t('tracing.consentTracing'),
                d.consent.icrc ? t('tracing.consentIcrc') : null,
                d.consent.agencies ? t('tracing.consentAgencies') : null,
              ]
                .filter(Boolean)
                .join(', ')}
            </dd>
          </div>
        </dl>
        <h3>{t('tracing.documents')}</h3>
        {d.documents.length === 0 ? (
          <p>{t('tracing.noDocuments')}</p>
        ) : (
          <ul>
            {d.documents.map((doc, i) => (
              <li key={doc.id}>
                {/* Always a download: a document is never shown inline (the server says so too). */}
                <a href={`/api/v1/${base}/documents/${doc.id}`} download>
                  {t('tracing.document', { n: i + 1 })}
                </a>{' '}
                <span className="meta">
                  {doc.media_type} · {Math.max(1, Math.round(doc.size / 1024))} KB ·{' '}
                  {formatDateTime(doc.created_at)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="tr-cands" className="card">
        <h2 id="tr-cands">{t('tracing.candidates')}</h2>
        {d.candidates.length === 0 ? (
          <p>{t('tracing.noCandidates')}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="tr-cands" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('tracing.rank')}</th>
                  <th scope="col">{t('tracing.person')}</th>
                  <th scope="col">{t('tracing.score')}</th>
                  <th scope="col">{t('tracing.why')}</th>
                  {manage ? <th scope="col">{t('tracing.action')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {d.candidates.map((c) => (
                  <tr key={c.person_id}>
                    <td>{c.rank}</td>
                    <td>
                      <PersonName id={c.person_id} />
                    </td>
                    <td>{c.score.toFixed(1)}</td>
                    <td>
                      <ul className="plain">
                        {c.explanation.map((x) => (
                          <li key={x.field}>
                            {t(`fields.${x.field}`, { defaultValue: x.field })}: {x.level} (
                            {x.weight > 0 ? '+' : ''}
                            {x.weight.toFixed(1)})
                          </li>
                        ))}
                      </ul>
                    </td>
                    {manage ? (
                      <td>
                        {d.person_id === c.person_id ? (
                          <span className="badge good">{t('tracing.linked')}</span>
                        ) : (
                          <button
                            type="button"
                            disabled={act.isPending || closed}
                            onClick={() =>
                              act.mutate({
                                path: `${base}/link`,
                                json: { person_id: c.person_id },
                                done: t('tracing.linkedNotice'),
                              })
                            }
                          >
                            {t('tracing.link', { rank: c.rank })}
                          </button>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {manage && !closed ? (
          <div className="row-actions">
            <form
              className="inline"
              onSubmit={(e) => {
                e.preventDefault();
                if (personId.trim())
                  act.mutate({
                    path: `${base}/link`,
                    json: { person_id: personId.trim() },
                    done: t('tracing.linkedNotice'),
                  });
              }}
            >
              <label htmlFor="tr-person">{t('tracing.linkById')}</label>{' '}
              <input
                id="tr-person"
                value={personId}
                onChange={(e) => setPersonId(e.target.value)}
                spellCheck={false}
              />{' '}
              <button type="submit" disabled={act.isPending}>
                {t('tracing.linkButton')}
              </button>
            </form>
            {d.record_id === null ? (
              <button
                type="button"
                disabled={act.isPending}
                onClick={() =>
                  act.mutate({ path: `${base}/create-person`, done: t('tracing.personCreated') })
                }
              >
                {t('tracing.createPerson')}
              </button>
            ) : null}
          </div>
        ) : null}
      </section>

      {d.person_id && can(session.data, 'event:create') && !closed ? (
        <section aria-labelledby="tr-icrc" className="card">
          <h2 id="tr-icrc">{t('tracing.icrcTitle')}</h2>
          <p>{t('tracing.icrcIntro')}</p>
          <form onSubmit={recordIcrc}>
            <div className="field">
              <label htmlFor="tr-icrc-date">{t('tracing.icrcDate')}</label>
              <input
                id="tr-icrc-date"
                inputMode="numeric"
                value={icrcDate}
                onChange={(e) => setIcrcDate(e.target.value)}
                aria-describedby="tr-icrc-hint"
              />
              <p className="hint" id="tr-icrc-hint">
                {t('common.partialDateHint')}
              </p>
            </div>
            <div className="field">
              <label htmlFor="tr-icrc-note">{t('tracing.icrcNote')}</label>
              <input id="tr-icrc-note" value={icrcNote} onChange={(e) => setIcrcNote(e.target.value)} />
            </div>
            <button type="submit" disabled={act.isPending}>
              {t('tracing.icrcRecord')}
            </button>
          </form>
          <p>
            <Link to={`/persons/${d.person_id}/events/new`}>{t('tracing.otherEvent')}</Link>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="tr-messages" className="card">
        <h2 id="tr-messages">{t('trace.messages')}</h2>
        {d.messages.length === 0 ? (
          <p>{t('trace.noMessages')}</p>
        ) : (
          <ul>
            {d.messages.map((m) => (
              <li key={m.id} className="multiline">
                <strong>{m.from === 'staff' ? t('tracing.fromStaff') : t('tracing.fromRequester')}</strong> (
                {formatDateTime(m.created_at)}): {m.body}
              </li>
            ))}
          </ul>
        )}
        {manage ? (
          <form onSubmit={sendMessage}>
            <div className="field">
              <label htmlFor="tr-message">{t('tracing.writeMessage')}</label>
              <textarea
                id="tr-message"
                rows={3}
                value={message}
                onChange={(e) => setMessage(e.target.value)}
                aria-describedby="tr-message-hint"
              />
              <p className="hint" id="tr-message-hint">
                {t('tracing.messageHint')}
              </p>
            </div>
            <button type="submit" disabled={act.isPending || !message.trim()}>
              {t('tracing.sendMessage')}
            </button>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="tr-outbox" className="card">
        <h2 id="tr-outbox">{t('tracing.outbox')}</h2>
        {outbox.isPending ? (
          <p role="status">{t('common.loading')}</p>
        ) : outbox.isError ? (
          <ErrorMessage error={outbox.error} />
        ) : outbox.data.items.length === 0 ? (
          <p>{t('tracing.noMail')}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="tr-outbox" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('tracing.mailSubject')}</th>
                  <th scope="col">{t('tracing.mailTo')}</th>
                  <th scope="col">{t('tracing.mailQueued')}</th>
                  <th scope="col">{t('tracing.mailState')}</th>
                </tr>
              </thead>
              <tbody>
                {outbox.data.items.map((m) => (
                  <tr key={m.id}>
                    <td>{m.subject}</td>
                    <td>{m.recipient}</td>
                    <td>{formatDateTime(m.created_at)}</td>
                    <td data-testid="mail-state">
                      {m.delivered_at
                        ? t('tracing.mailDelivered', { date: formatDateTime(m.delivered_at) })
                        : m.last_error
                          ? t('tracing.mailFailing', { attempts: m.attempts, error: m.last_error })
                          : t('tracing.mailWaiting')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}
