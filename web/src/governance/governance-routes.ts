/** The governance pages and their paths; each page is a full URL that reproduces it. */
export type GovernanceRoute =
  | { page: 'agreements' }
  | { page: 'agreement'; id: string; version: string | null }
  | { page: 'partner'; id: string }
  | { page: 'admin'; search: string }
  | { page: 'not-found'; path: string };

/** The page for a path and query. */
export function governanceRouteOf(pathname: string, search: string): GovernanceRoute {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/agreements') return { page: 'agreements' };
  if (path === '/admin') return { page: 'admin', search };
  const agreement = /^\/agreements\/([^/]+)$/.exec(path);
  if (agreement?.[1] !== undefined) return { page: 'agreement', id: decodeURIComponent(agreement[1]), version: new URLSearchParams(search).get('version') };
  const partner = /^\/partners\/([^/]+)$/.exec(path);
  if (partner?.[1] !== undefined) return { page: 'partner', id: decodeURIComponent(partner[1]) };
  return { page: 'not-found', path };
}

/** The navigation a role gets: only pages it may use. */
export function navigationFor(role: string): { href: string; text: string; key: string }[] {
  const partner = role.startsWith('partner:') ? role.slice('partner:'.length) : null;
  const links = [{ href: '/', text: 'Map', key: 'map' }];
  if (role === 'public') return links;
  links.push({ href: '/agreements', text: 'Agreements', key: 'agreements' });
  if (partner !== null) links.push({ href: `/partners/${encodeURIComponent(partner)}`, text: 'Our data', key: 'partner' });
  if (role === 'admin' || role === 'analyst' || partner !== null) links.push({ href: '/extracts', text: 'Extracts', key: 'extracts' });
  if (role === 'admin') links.push({ href: '/admin', text: 'Administration', key: 'admin' });
  return links;
}
