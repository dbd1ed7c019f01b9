import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime } from '../format.js';
import { addMessage, caseStatus, type TraceStatus } from './tracingApi.js';

/** /trace/status: the case number and access code open the case; the relative may add information. */
export function Component() {
  const { t } = useTranslation();
  const base = useId();
  const [caseNumber, setCaseNumber] = useState('');
  const [code, setCode] = useState('');
  const [status, setStatus] = useState<TraceStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  const open = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setStatus(await caseStatus(caseNumber, code));
    } catch (err) {
      setStatus(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await addMessage(caseNumber, code, note);
      setNote('');
      setSent(true);
      await open();
    } catch (err) {
      setError(err);
    }
  };
  const id = (k: string) => `${base}-${k}`;
  const notFound = error instanceof ApiError && error.code === 'not_found';

  return (
    <section aria-labelledby={id('title')} className="narrow">
      <h1 id={id('title')}>{t('trace.statusTitle')}</h1>
      <form onSubmit={open}>
        <div className="field">
          <label htmlFor={id('case')}>{t('trace.caseNumber')}</label>
          <input
            id={id('case')}
            autoComplete="off"
            autoCapitalize="characters"
            required
            value={caseNumber}
            onChange={(e) => setCaseNumber(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={id('code')}>{t('trace.accessCode')}</label>
          <input
            id={id('code')}
            type="password"
            autoComplete="off"
            autoCapitalize="characters"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </div>
        <button type="submit" disabled={busy}>
          {t('trace.open')}
        </button>
      </form>
      {notFound ? (
        <p role="alert" className="error">
          {t('trace.notFound')}
        </p>
      ) : error ? (
        <ErrorMessage error={error} />
      ) : null}
      {status ? (
        <div aria-live="polite">
          <dl>
            <dt>{t('trace.caseNumber')}</dt>
            <dd>{status.case_number}</dd>
            <dt>{t('trace.state')}</dt>
            <dd data-testid="state">{t(`trace.states.${status.state}`)}</dd>
            <dt>{t('trace.status')}</dt>
            <dd>
              <strong data-testid="status">{t(`trace.statuses.${status.status}`)}</strong>
            </dd>
            <dt>{t('trace.updated')}</dt>
            <dd>{formatDateTime(status.updated_at)}</dd>
          </dl>
          <h2>{t('trace.messages')}</h2>
          {status.messages.length === 0 ? (
            <p>{t('trace.noMessages')}</p>
          ) : (
            <ul>
              {status.messages.map((m, i) => (
                <li key={i} className="multiline">
                  <strong>{m.from === 'staff' ? t('trace.fromStaff') : t('trace.fromYou')}</strong> (
                  {formatDateTime(m.created_at)}): {m.body}
                </li>
              ))}
            </ul>
          )}
          <form onSubmit={send}>
            <div className="field">
              <label htmlFor={id('note')}>{t('trace.addInfo')}</label>
              <textarea
                id={id('note')}
                rows={3}
                required
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </div>
            <button type="submit">{t('trace.send')}</button>
            {sent ? <p role="status">{t('trace.sent')}</p> : null}
          </form>
        </div>
      ) : null}
    </section>
  );
}
