import { Navigate } from 'react-router';
import { can, useSession } from '../session.js';

/** The first screen by what the user does: search for those who work on persons, users for an admin. */
export function Home() {
  const session = useSession();
  const s = session.data;
  if (can(s, 'person:search')) return <Navigate to="/search" replace />;
  if (can(s, 'user:manage')) return <Navigate to="/admin/users" replace />;
  if (can(s, 'review:read')) return <Navigate to="/review" replace />;
  return <Navigate to="/search" replace />;
}
