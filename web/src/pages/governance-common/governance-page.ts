/**
 * The governance pages (/agreements, /agreements/{id}, /partners/{id}, /admin) as the app mounts
 * them: each page's code is loaded only for its path, and a failure is shown the governance way
 * (a 403 as the access-refused page, never a broken screen).
 */
import type { Route } from '../../route.ts';
import type { SessionState } from '../../sign-in/session-client.ts';
import { el } from '../../components/dom.ts';
import { showAccessRefused } from '../access-refused/access-refused-page.ts';
import { ownPageOf, showFailure, type Viewer } from './page-frame.ts';
import { roleWords } from './words.ts';
import './governance.css';

/** The routes of the governance pages. */
export type GovernanceRoute = Extract<Route, { page: 'agreements' | 'agreement' | 'partner' | 'admin' }>;

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
  }
}

async function show(root: HTMLElement, route: GovernanceRoute, viewer: Viewer, search: string): Promise<void> {
  switch (route.page) {
    case 'agreements':
      return (await import('../agreements/agreements-page.ts')).showAgreementsPage(root, viewer);
    case 'agreement':
      return (await import('../agreement/agreement-page.ts')).showAgreementPage(root, route.id, new URLSearchParams(search).get('version'));
    case 'partner':
      return (await import('../partner/partner-page.ts')).showPartnerPage(root, route.id, viewer);
    case 'admin':
      if (viewer.role !== 'admin') {
        showAccessRefused(root, 'the administration page', `only administrators manage users and read the whole audit; you are signed in as ${roleWords(viewer.role)}`, ownPageOf(viewer));
        return;
      }
      return (await import('../admin/admin-page.ts')).showAdminPage(root, viewer, search);
  }
}

/** Draws the governance page of `route` into `root` for the signed-in user; `search` is the URL's query (an agreement's version, the audit filters). */
export async function mountGovernancePage(root: HTMLElement, route: GovernanceRoute, session: Extract<SessionState, { signedIn: true }>, search: string): Promise<void> {
  const viewer: Viewer = { name: session.name, role: session.role, partner: session.role.startsWith('partner:') ? session.role.slice('partner:'.length) : null };
  root.replaceChildren(el('p', { role: 'status' }, 'Loading…'));
  try {
    await show(root, route, viewer, search);
  } catch (error) {
    showFailure(root, error, what(route), viewer);
  }
}
