/**
 * Entry point of the governance pages (governance.html): /agreements,
 * /agreements/{id}, /partners/{id} and /admin. Asks who is signed in (sending
 * anyone else to /sign-in and back), draws the site's navigation for the role
 * (components/site-nav.ts), then the page for the URL.
 */
import { el } from '../boards/dom.ts';
import { renderSiteNav } from '../components/site-nav.ts';
import { currentSession, signOut } from '../sign-in/session-client.ts';
import { showAccessRefused } from '../pages/access-refused/access-refused-page.ts';
import { governanceRouteOf, type GovernanceRoute } from './governance-routes.ts';
import { ownPageOf, setPageState, showFailure, type Viewer } from './page-frame.ts';
import { roleWords } from './words.ts';
import '../styles.css';
import './governance.css';

const main = document.getElementById('main');
if (!(main instanceof HTMLElement)) throw new Error('The page has no #main element');
const root = main;

function what(route: GovernanceRoute): string {
  switch (route.page) {
    case 'agreements':
      return 'the agreements';
    case 'agreement':
      return `agreement ${route.id}`;
    case 'partner':
      return `partner “${route.id}”`;
    case 'admin':
      return 'the administration page';
    case 'not-found':
      return route.path;
  }
}

async function show(route: GovernanceRoute, viewer: Viewer): Promise<void> {
  switch (route.page) {
    case 'agreements':
      return (await import('../pages/agreements/agreements-page.ts')).showAgreementsPage(root, viewer);
    case 'agreement':
      return (await import('../pages/agreement/agreement-page.ts')).showAgreementPage(root, route.id, route.version);
    case 'partner':
      return (await import('../pages/partner/partner-page.ts')).showPartnerPage(root, route.id, viewer);
    case 'admin':
      if (viewer.role !== 'admin') {
        showAccessRefused(root, 'the administration page', `only administrators manage users and read the whole audit; you are signed in as ${roleWords(viewer.role)}`, ownPageOf(viewer));
        return;
      }
      return (await import('../pages/admin/admin-page.ts')).showAdminPage(root, viewer, route.search);
    case 'not-found':
      document.title = 'Page not found – Neighbourhood Observatory';
      root.replaceChildren(el('h1', {}, 'Page not found'), el('p', {}, `There is no page at ${route.path}.`), el('p', {}, el('a', { href: '/' }, 'Go to the map')));
      setPageState('error');
  }
}

async function start(): Promise<void> {
  setPageState('loading');
  const session = await currentSession();
  if (!session.signedIn) {
    window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    return;
  }
  const viewer: Viewer = { name: session.name, role: session.role, partner: session.role.startsWith('partner:') ? session.role.slice('partner:'.length) : null };
  const route = governanceRouteOf(window.location.pathname, window.location.search);
  const nav = document.getElementById('site-nav');
  // The site's one navigation: a partner's own page is marked only on its own window.
  const current = route.page === 'partner' && route.id !== viewer.partner ? null : route.nav;
  if (nav !== null) {
    renderSiteNav(nav, session, current, () => {
      signOut().then(
        () => window.location.assign('/sign-in'),
        (error: unknown) => showFailure(root, error, 'sign-out', viewer),
      );
    });
  }
  try {
    await show(route, viewer);
  } catch (error) {
    showFailure(root, error, what(route), viewer);
  }
}

start().catch((error: unknown) => {
  root.replaceChildren(el('p', { class: 'error', role: 'alert' }, `The page could not start: ${error instanceof Error ? error.message : String(error)}`));
  setPageState('error');
});
