import { createBrowserRouter, Navigate } from 'react-router';
import { Home } from './components/Home.js';
import { Layout } from './components/Layout.js';
import { RequireSession } from './components/RequireSession.js';
import { SearchPage } from './pages/SearchPage.js';

// The search screen is the first screen and ships in the main bundle; every other screen loads on demand.
const lazy = (load: () => Promise<{ Component: React.ComponentType }>) => ({ lazy: load });

export const router = createBrowserRouter([
  {
    element: <Layout />,
    // Screens load on demand; until the first one has, the layout shows nothing rather than a warning.
    HydrateFallback: () => null,
    children: [
      { path: '/login', ...lazy(() => import('./pages/LoginPage.js')) },
      { path: '/setup', ...lazy(() => import('./pages/SetupPage.js')) },
      // Public statistics (#14): no account needed.
      { path: '/statistics', ...lazy(() => import('./pages/StatisticsPage.js')) },
      // Tracing requests (issue #12): public pages for relatives, no account.
      { path: '/trace', ...lazy(() => import('./pages/TracePage.js')) },
      { path: '/trace/status', ...lazy(() => import('./pages/TraceStatusPage.js')) },
      {
        element: <RequireSession />,
        children: [
          { path: '/', element: <Home /> },
          { path: '/search', element: <SearchPage /> },
          { path: '/persons/:id', ...lazy(() => import('./pages/PersonPage.js')) },
          { path: '/persons/:id/events/new', ...lazy(() => import('./pages/NewEventPage.js')) },
          { path: '/records/new', ...lazy(() => import('./pages/NewRecordPage.js')) },
          { path: '/review', ...lazy(() => import('./pages/ReviewPage.js')) },
          { path: '/import', ...lazy(() => import('./pages/ImportPage.js')) },
          { path: '/import/:id', ...lazy(() => import('./pages/ImportPage.js')) },
          // The publisher's releases (#14).
          { path: '/statistics/releases', ...lazy(() => import('./pages/StatisticsReleasesPage.js')) },
          // Tracing officers: the queue of tracing requests and one request's file (#12).
          { path: '/tracing', ...lazy(() => import('./pages/TracingQueuePage.js')) },
          { path: '/tracing/:id', ...lazy(() => import('./pages/TracingRequestPage.js')) },
          // Administration (issue 17).
          { path: '/admin', element: <Navigate to="/admin/users" replace /> },
          { path: '/admin/users', ...lazy(() => import('./pages/AdminUsersPage.js')) },
          { path: '/admin/organisations', ...lazy(() => import('./pages/AdminOrganisationsPage.js')) },
          { path: '/tokens', ...lazy(() => import('./pages/TokensPage.js')) },
          // Exchanges (issue #13).
          { path: '/exchanges', ...lazy(() => import('./pages/ExchangesPage.js')) },
          { path: '/exchanges/:id', ...lazy(() => import('./pages/ExchangePage.js')) },
        ],
      },
      { path: '*', ...lazy(() => import('./pages/NotFoundPage.js')) },
    ],
  },
]);
