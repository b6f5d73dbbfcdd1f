/** The governance pages and their paths; each page is a full URL that reproduces it. */
export type GovernanceRoute =
  | { page: 'agreements'; nav: 'agreements' }
  | { page: 'agreement'; nav: 'agreements'; id: string; version: string | null }
  | { page: 'partner'; nav: 'partner'; id: string }
  | { page: 'admin'; nav: 'admin'; search: string }
  | { page: 'not-found'; nav: null; path: string };

/** The page for a path and query. */
export function governanceRouteOf(pathname: string, search: string): GovernanceRoute {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/agreements') return { page: 'agreements', nav: 'agreements' };
  if (path === '/admin') return { page: 'admin', nav: 'admin', search };
  const agreement = /^\/agreements\/([^/]+)$/.exec(path);
  if (agreement?.[1] !== undefined) return { page: 'agreement', nav: 'agreements', id: decodeURIComponent(agreement[1]), version: new URLSearchParams(search).get('version') };
  const partner = /^\/partners\/([^/]+)$/.exec(path);
  if (partner?.[1] !== undefined) return { page: 'partner', nav: 'partner', id: decodeURIComponent(partner[1]) };
  return { page: 'not-found', nav: null, path };
}
