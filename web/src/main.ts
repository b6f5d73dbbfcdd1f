/**
 * Entry point: checks who is signed in (sending the browser to sign in when the partnership
 * publishes nothing to the public), shows the navigation the role may use, then loads only the
 * page for the URL's path (the map page does not load the chart library, the chart pages do
 * not load MapLibre).
 */
import { createApiClient } from './api/client.ts';
import { setPageState, showPageError } from './components/page-state.ts';
import { renderSiteNav } from './components/site-nav.ts';
import { routeOf } from './route.ts';
import { currentSession, signOut, type SessionState } from './sign-in/session-client.ts';
import './styles.css';

const main = document.getElementById('main');
if (main === null) throw new Error('The page has no #main');
const api = createApiClient();
const route = routeOf(window.location.pathname);

async function mount(root: HTMLElement): Promise<void> {
  switch (route.page) {
    case 'map':
      (await import('./pages/map/map-page.ts')).mountMapPage(root, api);
      return;
    case 'dashboard':
      (await import('./pages/dashboard/dashboard-page.ts')).mountDashboardPage(root, api);
      return;
    case 'report':
      (await import('./pages/report/report-page.ts')).mountReportPage(root, api, window.location.search);
      return;
    case 'serious-violence':
      (await import('./pages/serious-violence/serious-violence-page.ts')).mountSeriousViolencePage(root, api, window.location.search);
      return;
    case 'area-profile':
      (await import('./pages/area-profile/area-profile-page.ts')).mountAreaProfilePage(root, api, route.code);
      return;
    case 'indicator-trend':
      (await import('./pages/indicator-trend/indicator-trend-page.ts')).mountIndicatorTrendPage(root, api, route.id);
      return;
    case 'not-found':
      (await import('./pages/not-found/not-found-page.ts')).mountNotFoundPage(root, route.path);
      return;
  }
}

/** The session, or null once the browser has been sent to sign in. */
async function sessionOrSignIn(): Promise<SessionState | null> {
  const session = await currentSession();
  if (session.signedIn || session.publicAggregates === true) return session;
  window.location.replace(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  return null;
}

async function start(root: HTMLElement): Promise<void> {
  setPageState('loading');
  const session = await sessionOrSignIn();
  if (session === null) return;
  const nav = document.getElementById('site-nav');
  if (nav !== null) {
    renderSiteNav(nav, session, route.nav, () => {
      signOut().then(
        () => window.location.assign('/sign-in'),
        (error: unknown) => showPageError(root, error),
      );
    });
  }
  await mount(root);
}

start(main).catch((error: unknown) => showPageError(main, error));
