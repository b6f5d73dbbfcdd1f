/**
 * Entry point of the one web app (index.html): checks who is signed in (sending the browser to
 * sign in when the page is for signed-in users, or the partnership publishes nothing to the
 * public), shows the navigation the role may use, then loads only the page for the URL's path
 * (the map page does not load the chart library, the chart pages do not load MapLibre).
 */
import { createApiClient } from './api/client.ts';
import { setPageState, showPageError } from './components/page-state.ts';
import { renderSiteNav } from './components/site-nav.ts';
import { movedBoardPath, needsSignIn, routeOf, type Route } from './route.ts';
import { currentSession, signOut, type SessionState } from './sign-in/session-client.ts';
import './styles.css';

const main = document.getElementById('main');
if (main === null) throw new Error('The page has no #main');
const api = createApiClient();
const route = routeOf(window.location.pathname);

async function mount(root: HTMLElement, session: SessionState): Promise<void> {
  switch (route.page) {
    case 'map':
      (await import('./pages/map/map-page.ts')).mountMapPage(root, api);
      return;
    case 'dashboard':
      (await import('./pages/dashboard/dashboard-page.ts')).mountDashboardPage(root, api, window.location.search);
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
    case 'priorities':
      return (await import('./pages/priorities/priorities-page.ts')).mountPrioritiesPage(root);
    case 'risk-register':
      return (await import('./pages/risk-register/risk-register-page.ts')).mountRiskRegisterPage(root);
    case 'interventions':
      return (await import('./pages/interventions/interventions-page.ts')).mountInterventionsPage(root, route.id, session.signedIn && (session.role === 'analyst' || session.role === 'admin'));
    case 'upload':
      return (await import('./pages/upload/upload-page.ts')).mountUploadPage(root);
    case 'extract-log':
      return (await import('./pages/extract-log/extract-log-page.ts')).mountExtractLogPage(root);
    case 'extract-report':
      return (await import('./pages/extract-report/extract-report-page.ts')).mountExtractReportPage(root, route.id);
    case 'data-quality':
      return (await import('./pages/data-quality/data-quality-page.ts')).mountDataQualityPage(root, route.id);
    case 'agreements':
    case 'agreement':
    case 'partner':
    case 'admin':
      if (!session.signedIn) throw new Error('The governance pages need someone signed in.');
      return (await import('./pages/governance-common/governance-page.ts')).mountGovernancePage(root, route, session, window.location.search);
    case 'moved':
      window.location.replace(movedBoardPath(window.location.hash));
      return;
    case 'not-found':
      (await import('./pages/not-found/not-found-page.ts')).mountNotFoundPage(root, route.path);
      return;
  }
}

/** The session, or null once the browser has been sent to sign in. */
async function sessionOrSignIn(): Promise<SessionState | null> {
  const session = await currentSession();
  if (session.signedIn || (session.publicAggregates === true && !needsSignIn(route))) return session;
  window.location.replace(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  return null;
}

/** The navigation entry to mark: a partner's page is "Our data" only on the partner's own window. */
function currentNav(session: SessionState): Route['nav'] {
  if (route.page === 'partner' && !(session.signedIn && session.role === `partner:${route.id}`)) return null;
  return route.nav;
}

async function start(root: HTMLElement): Promise<void> {
  setPageState('loading');
  const session = await sessionOrSignIn();
  if (session === null) return;
  const nav = document.getElementById('site-nav');
  if (nav !== null) {
    renderSiteNav(nav, session, currentNav(session), () => {
      signOut().then(
        () => window.location.assign('/sign-in'),
        (error: unknown) => showPageError(root, error),
      );
    });
  }
  await mount(root, session);
}

start(main).catch((error: unknown) => showPageError(main, error));
