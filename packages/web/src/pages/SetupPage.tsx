import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, isMissingRoute } from '../api.js';
import { ErrorMessage } from '../components/ErrorMessage.js';

/** First run: creates the first administrator with the one-time token from the server's console. */
export function Component() {
  const { t } = useTranslation();
  // The token travels in the fragment, so it never reaches a server log or a Referer header.
  const [token] = useState(() => decodeURIComponent(window.location.hash.replace(/^#/, '')));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const ids = { user: useId(), pass: useId(), repeat: useId() };
  const setup = useMutation({
    mutationFn: () => api('/api/v1/auth/setup', { json: { token, username, password } }),
  });

  if (setup.isSuccess) {
    return (
      <section className="narrow">
        <h1>{t('setup.done')}</h1>
        <p>
          <Link to="/login">{t('setup.toLogin')}</Link>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="setup-title" className="narrow">
      <h1 id="setup-title">{t('setup.title')}</h1>
      {!token ? (
        <p role="alert" className="error">
          {t('setup.noToken')}
        </p>
      ) : null}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          const bad = password !== repeat;
          setMismatch(bad);
          if (!bad) setup.mutate();
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
          <label htmlFor={ids.pass}>{t('setup.password')}</label>
          <input
            id={ids.pass}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
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
          {t('setup.create')}
        </button>
      </form>
    </section>
  );
}
