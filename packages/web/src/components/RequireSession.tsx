import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../session.js';
import { ErrorMessage } from './ErrorMessage.js';

/** Shows its screens only to a signed-in user; sends anyone else to the login screen. */
export function RequireSession() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <p role="status">{t('common.loading')}</p>;
  if (session.isError) return <ErrorMessage error={session.error} />;
  if (session.data === null) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return <Outlet />;
}
