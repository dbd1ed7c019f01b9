import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, setCsrfToken } from '../api.js';
import { CopyButton } from '../components/CopyButton.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { QrCode } from '../components/QrCode.js';
import { SESSION_KEY, type Session } from '../session.js';

type Step = { kind: 'password' } | { kind: 'totp' } | { kind: 'enrol'; uri: string; secret: string };

/** Password, then the second factor (a TOTP code or a recovery code), or first-time enrolment of one. */
export function Component() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const ids = { user: useId(), pass: useId(), code: useId() };

  const finish = async (s: Session) => {
    setCsrfToken(s.csrf_token);
    queryClient.setQueryData(SESSION_KEY, s);
    const next = params.get('next');
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
  };

  const login = useMutation({
    mutationFn: () =>
      api<{ next: 'totp' } | { next: 'totp_enrol'; otpauth_uri: string; secret: string }>(
        '/api/v1/auth/login',
        {
          json: { username, password },
        },
      ),
    onSuccess: (r) => {
      setPassword('');
      setStep(r.next === 'totp' ? { kind: 'totp' } : { kind: 'enrol', uri: r.otpauth_uri, secret: r.secret });
    },
  });
  const second = useMutation({
    mutationFn: async () => {
      if (step.kind === 'enrol') {
        const r = await api<{ session: Session; recovery_codes: string[] }>('/api/v1/auth/totp/enrol', {
          json: { code: code.trim() },
        });
        return r;
      }
      return {
        session: await api<Session>('/api/v1/auth/totp', { json: { code: code.trim() } }),
        recovery_codes: null,
      };
    },
    onSuccess: async (r) => {
      if (r.recovery_codes) {
        queryClient.setQueryData(SESSION_KEY, r.session);
        setCsrfToken(r.session.csrf_token);
        setRecovery(r.recovery_codes);
      } else await finish(r.session);
    },
  });
  const failure = (err: unknown) =>
    err instanceof ApiError && (err.code === 'unauthenticated' || err.status === 401) ? (
      <p role="alert" className="error">
        {t('login.invalid')}
      </p>
    ) : (
      <ErrorMessage error={err} />
    );

  if (recovery) {
    return (
      <section aria-labelledby="login-title" className="narrow">
        <h1 id="login-title">{t('login.recoveryTitle')}</h1>
        <p>{t('login.recoveryIntro')}</p>
        <ul className="codes">
          {recovery.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <div className="actions no-print">
          <CopyButton text={recovery.join('\n')} />
          <a
            download={t('login.codesFile')}
            href={`data:text/plain;charset=utf-8,${encodeURIComponent(`${recovery.join('\r\n')}\r\n`)}`}
            className="button"
          >
            {t('common.download')}
          </a>
          <button type="button" onClick={() => window.print()}>
            {t('common.print')}
          </button>
        </div>
        <button type="button" onClick={() => navigate('/', { replace: true })}>
          {t('login.continue')}
        </button>
      </section>
    );
  }

  return (
    <section aria-labelledby="login-title" className="narrow">
      <h1 id="login-title">{t('login.title')}</h1>
      {step.kind === 'password' ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            login.mutate();
          }}
        >
          <div className="field">
            <label htmlFor={ids.user}>{t('login.username')}</label>
            <input
              id={ids.user}
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
          </div>
          <div className="field">
            <label htmlFor={ids.pass}>{t('login.password')}</label>
            <input
              id={ids.pass}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </div>
          {login.isError ? failure(login.error) : null}
          <button type="submit" disabled={login.isPending}>
            {t('login.next')}
          </button>
        </form>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            second.mutate();
          }}
        >
          {step.kind === 'enrol' ? (
            <div className="card">
              <p>{t('login.enrolIntro')}</p>
              <QrCode text={step.uri} label={t('login.qr')} />
              <p>
                {t('login.secret')} <code className="secret">{step.secret}</code>
              </p>
              <p>
                <a href={step.uri}>{t('login.openAuthenticator')}</a>
              </p>
            </div>
          ) : (
            <p>{t('login.totpIntro')}</p>
          )}
          <div className="field">
            <label htmlFor={ids.code}>{t('login.code')}</label>
            <input
              id={ids.code}
              autoComplete="one-time-code"
              inputMode="text"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
              autoFocus
            />
          </div>
          {second.isError ? failure(second.error) : null}
          <button type="submit" disabled={second.isPending}>
            {t('login.verify')}
          </button>
        </form>
      )}
    </section>
  );
}
