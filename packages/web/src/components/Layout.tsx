import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { api } from '../api.js';
import { LANGUAGES, setLanguage, type Language } from '../i18n/i18n.js';
import { can, SESSION_KEY, useSession } from '../session.js';

/** The frame of every screen: skip link, navigation by permission, language switch, sign-out. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const navigation = useNavigation();
  const s = session.data;
  // While the next screen loads (its code arrives on demand), the screen being left is taken away: typing
  // into it then would be lost the moment the new one appears (a form on the new screen with the same
  // label would silently stay empty).
  const leaving = navigation.state === 'loading' && navigation.location.pathname !== location.pathname;

  const logout = async () => {
    await api('/api/v1/auth/logout', { method: 'POST' }).catch(() => undefined);
    queryClient.clear();
    await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    navigate('/login');
  };

  return (
    <>
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        {s ? (
          <nav aria-label={t('nav.label')}>
            <ul>
              {can(s, 'person:search') && (
                <li>
                  <NavLink to="/search">{t('nav.search')}</NavLink>
                </li>
              )}
              {can(s, 'record:create') && (
                <li>
                  <NavLink to="/records/new">{t('nav.addRecord')}</NavLink>
                </li>
              )}
              {can(s, 'review:read') && (
                <li>
                  <NavLink to="/review">{t('nav.review')}</NavLink>
                </li>
              )}
              {can(s, 'import:run') && (
                <li>
                  <NavLink to="/import">{t('nav.import')}</NavLink>
                </li>
              )}
              {can(s, 'exchange:read') && (
                <li>
                  <NavLink to="/exchanges">{t('exchanges.nav')}</NavLink>
                </li>
              )}
              {can(s, 'tracing:read') && (
                <li>
                  <NavLink to="/tracing">{t('tracing.nav')}</NavLink>
                </li>
              )}
              {can(s, 'statistics:draft') && (
                <li>
                  <NavLink to="/statistics/releases">{t('statistics.nav')}</NavLink>
                </li>
              )}
              {/* Administration (issue 17). */}
              {can(s, 'user:manage') && (
                <>
                  <li>
                    <NavLink to="/admin/users">{t('nav.users')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/admin/organisations">{t('nav.organisations')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/tokens">{t('nav.tokens')}</NavLink>
                  </li>
                </>
              )}
              <li>
                <a href="/api/docs">{t('nav.apiDocs')}</a>
              </li>
            </ul>
          </nav>
        ) : null}
        <div className="tools">
          <label>
            <span className="visually-hidden">{t('nav.language')}</span>
            <select
              value={i18n.language}
              onChange={(e) => setLanguage(e.target.value as Language)}
              aria-label={t('nav.language')}
            >
              {LANGUAGES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {l === 'uk' ? 'Українська' : 'English'}
                </option>
              ))}
            </select>
          </label>
          {s ? (
            <>
              <span className="who">
                {t('nav.signedInAs', { user: s.user.username, role: t(`roles.${s.user.role}`) })}
              </span>
              <button type="button" onClick={logout}>
                {t('nav.logout')}
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1} aria-busy={leaving || undefined}>
        {leaving ? <p role="status">{t('common.loading')}</p> : <Outlet />}
      </main>
    </>
  );
}
