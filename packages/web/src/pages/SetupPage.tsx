import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TSetupLink } from '@server/modules/auth/setupLink.js';
import { PASSWORD_LENGTH } from '@server/auth/passwordRules.js';
import { api, isMissingRoute } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime } from '../format.js';

/**
 * A one-time setup link: the first administrator (from the server's console), or a user an admin created
 * (the page names them). A used, expired or unknown link says which, before anyone types a password.
 */
export function Component() {
  const { t } = useTranslation();
  // The token travels in the fragment, so it never reaches a server log or a Referer header.
  const [token] = useState(() => decodeURIComponent(window.location.hash.replace(/^#/, '')));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [tried, setTried] = useState(false);
  const ids = { user: useId(), pass: useId(), repeat: useId() };

  const link = useQuery({
    queryKey: ['setup-link', token],
    enabled: token !== '',
    retry: false,
    queryFn: async () => {
      try {
        return await api<TSetupLink>('/api/v1/auth/setup/check', { json: { token } });
      } catch (err) {
        if (isMissingRoute(err)) return null;
        throw err;
      }
    },
  });
  const forUser = link.data?.state === 'user' ? link.data.username : null;
  const setup = useMutation({
    mutationFn: () => api('/api/v1/auth/setup', { json: { token, username: forUser ?? username, password } }),
    onError: () => void link.refetch(),
  });
  const short = password.length < PASSWORD_LENGTH.min;

  if (setup.isSuccess) {
    return (
      <section className="narrow" aria-labelledby="setup-title">
        <h1 id="setup-title">{forUser ? t('setup.doneUser', { user: forUser }) : t('setup.done')}</h1>
        <p>
          <Link to="/login">{t('setup.toLogin')}</Link>
        </p>
      </section>
    );
  }

  const state = link.data?.state;
  const unusable =
    state === 'used'
      ? t('setup.used')
      : state === 'expired'
        ? t('setup.expired', { date: formatDateTime(link.data?.expires_at) })
        : state === 'invalid'
          ? t('setup.invalid')
          : !token
            ? t('setup.noToken')
            : null;

  return (
    <section aria-labelledby="setup-title" className="narrow">
      <h1 id="setup-title">{forUser ? t('setup.titleUser') : t('setup.title')}</h1>
      {link.isPending && token ? <p role="status">{t('common.loading')}</p> : null}
      {link.isError ? <ErrorMessage error={link.error} /> : null}
      {unusable ? (
        <p role="alert" className="error">
          {unusable}
        </p>
      ) : null}
      {forUser ? <p>{t('setup.forUser', { user: forUser })}</p> : null}
      {link.data && (state === 'user' || state === 'first_admin') ? (
        <p>{t('setup.linkExpires', { date: formatDateTime(link.data.expires_at) })}</p>
      ) : null}
      {unusable ? null : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            const bad = password !== repeat;
            setMismatch(bad);
            if (!bad && !short) setup.mutate();
          }}
        >
          <div className="field">
            <label htmlFor={ids.user}>{t('login.username')}</label>
            <input
              id={ids.user}
              autoComplete="username"
              value={forUser ?? username}
              readOnly={forUser !== null}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
          </div>
          <div className={tried && short ? 'field invalid' : 'field'}>
            <label htmlFor={ids.pass}>{t('setup.password')}</label>
            <input
              id={ids.pass}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={tried && short}
              aria-describedby={`${ids.pass}-rules`}
              required
            />
            {/* The rule shows before it is broken, and counts as the password grows. */}
            <p id={`${ids.pass}-rules`} className={tried && short ? 'field-error' : 'hint'}>
              {password.length > 0 && short
                ? t('login.passwordShort', { n: password.length, min: PASSWORD_LENGTH.min })
                : t('login.passwordRules', { min: PASSWORD_LENGTH.min })}
            </p>
          </div>
          <div className={mismatch ? 'field invalid' : 'field'}>
            <label htmlFor={ids.repeat}>{t('setup.repeat')}</label>
            <input
              id={ids.repeat}
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              aria-invalid={mismatch}
              aria-describedby={mismatch ? `${ids.repeat}-error` : undefined}
              required
            />
            {mismatch ? (
              <p id={`${ids.repeat}-error`} className="field-error">
                {t('setup.mismatch')}
              </p>
            ) : null}
          </div>
          {setup.isError ? (
            isMissingRoute(setup.error) ? (
              <p role="alert" className="error">
                {t('setup.unavailable')}
              </p>
            ) : (
              <ErrorMessage error={setup.error} />
            )
          ) : null}
          <button type="submit" disabled={setup.isPending || !token}>
            {forUser ? t('setup.setPassword') : t('setup.create')}
          </button>
        </form>
      )}
    </section>
  );
}
