/**
 * The site's main navigation: one list of pages with the roles that may use each, so a
 * signed-in user sees only what their role opens and nobody is offered a page that answers 403.
 * The server's access table is the rule; this list only decides what to show.
 */
import type { SessionState } from '../sign-in/session-client.ts';

/** A role as the session reports it: `partner:<id>` counts as `partner`. */
export type RoleName = 'admin' | 'analyst' | 'executive' | 'partner' | 'public';

export interface NavLink {
  /** Matches `Route.nav` of the page, so the current page is marked. */
  readonly nav: string;
  readonly label: string;
  /** The page's path; `{partner}` stands for the signed-in partner's id. */
  readonly href: string;
  readonly roles: readonly RoleName[];
}

const EVERYONE: readonly RoleName[] = ['admin', 'analyst', 'executive', 'partner', 'public'];
const BOARD_READERS: readonly RoleName[] = ['admin', 'analyst', 'executive'];

/** Every page in the navigation, in the order shown. Add a page here when the web app gains one. */
export const NAV_LINKS: readonly NavLink[] = [
  { nav: 'dashboard', label: 'Dashboard', href: '/dashboard', roles: EVERYONE },
  { nav: 'map', label: 'Map', href: '/', roles: EVERYONE },
  { nav: 'areas', label: 'Area profiles', href: '/areas', roles: EVERYONE },
  { nav: 'indicators', label: 'Trends', href: '/indicators', roles: EVERYONE },
  { nav: 'report', label: 'Board report', href: '/report', roles: BOARD_READERS },
  { nav: 'serious-violence', label: 'Serious violence', href: '/serious-violence', roles: BOARD_READERS },
  { nav: 'board', label: 'Priorities and risks', href: '/priorities', roles: BOARD_READERS },
  // The extract pages: admins and analysts upload any dataset, partners only their own (the access table's POST /api/extracts).
  { nav: 'upload', label: 'Upload', href: '/upload', roles: ['admin', 'analyst', 'partner'] },
  { nav: 'extracts', label: 'Extract log', href: '/extracts', roles: ['admin', 'analyst', 'partner'] },
  { nav: 'agreements', label: 'Agreements', href: '/agreements', roles: ['admin', 'analyst', 'executive', 'partner'] },
  { nav: 'partner', label: 'Our data', href: '/partners/{partner}', roles: ['partner'] },
  { nav: 'admin', label: 'Administration', href: '/admin', roles: ['admin'] },
];

/** The role family of a session: `partner:fire` → `partner`; signed out → `public`. */
export function roleOf(session: SessionState): RoleName {
  if (!session.signedIn) return 'public';
  const family = session.role.split(':')[0];
  return family === 'admin' || family === 'analyst' || family === 'executive' || family === 'partner' ? family : 'public';
}

/** The links a session may use, with `{partner}` filled in from a partner's role. */
export function linksFor(session: SessionState): NavLink[] {
  const role = roleOf(session);
  const partner = session.signedIn && session.role.startsWith('partner:') ? session.role.slice('partner:'.length) : '';
  return NAV_LINKS.filter((link) => link.roles.includes(role)).map((link) => ({ ...link, href: link.href.replace('{partner}', encodeURIComponent(partner)) }));
}

/** Fills `nav` with the session's links, marks `current` and adds who is signed in with a sign-out button. */
export function renderSiteNav(nav: HTMLElement, session: SessionState, current: string | null, onSignOut: () => void): void {
  const list = document.createElement('ul');
  for (const link of linksFor(session)) {
    const item = document.createElement('li');
    const anchor = document.createElement('a');
    anchor.href = link.href;
    anchor.textContent = link.label;
    anchor.dataset.nav = link.nav;
    if (link.nav === current) anchor.setAttribute('aria-current', 'page');
    item.append(anchor);
    list.append(item);
  }
  const account = document.createElement('li');
  account.className = 'site-nav-account';
  if (session.signedIn) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sign-out';
    button.textContent = `Sign out (${session.name})`;
    button.addEventListener('click', onSignOut);
    account.append(button);
  } else {
    const anchor = document.createElement('a');
    anchor.href = `/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
    anchor.textContent = 'Sign in';
    account.append(anchor);
  }
  list.append(account);
  nav.replaceChildren(list);
}
