/**
 * The pages and their paths. Every page is a full URL (the server answers
 * every page's path with the app, server/http/web-pages.ts), so links are plain
 * links and a view can be bookmarked or shared.
 */
export type Route =
  | { page: 'map'; nav: 'map' }
  | { page: 'dashboard'; nav: 'dashboard' }
  | { page: 'report'; nav: 'report' }
  | { page: 'serious-violence'; nav: 'serious-violence' }
  | { page: 'area-profile'; nav: 'areas'; code: string | null }
  | { page: 'indicator-trend'; nav: 'indicators'; id: string | null }
  | { page: 'priorities'; nav: 'board' }
  | { page: 'risk-register'; nav: 'board' }
  | { page: 'interventions'; nav: 'board'; id: string | null }
  | { page: 'upload'; nav: 'upload' }
  | { page: 'extract-log'; nav: 'extracts' }
  | { page: 'extract-report'; nav: 'extracts'; id: string }
  | { page: 'data-quality'; nav: 'extracts'; id: string }
  | { page: 'agreements'; nav: 'agreements' }
  | { page: 'agreement'; nav: 'agreements'; id: string }
  | { page: 'partner'; nav: 'partner'; id: string }
  | { page: 'admin'; nav: 'admin' }
  | { page: 'moved'; nav: null }
  | { page: 'not-found'; nav: null; path: string };

/** The pages with a fixed path. */
const FIXED = new Map<string, Route>([
  ['/', { page: 'map', nav: 'map' }],
  ['/map', { page: 'map', nav: 'map' }],
  ['/dashboard', { page: 'dashboard', nav: 'dashboard' }],
  ['/report', { page: 'report', nav: 'report' }],
  ['/serious-violence', { page: 'serious-violence', nav: 'serious-violence' }],
  ['/areas', { page: 'area-profile', nav: 'areas', code: null }],
  ['/indicators', { page: 'indicator-trend', nav: 'indicators', id: null }],
  ['/priorities', { page: 'priorities', nav: 'board' }],
  ['/risks', { page: 'risk-register', nav: 'board' }],
  ['/interventions', { page: 'interventions', nav: 'board', id: null }],
  ['/upload', { page: 'upload', nav: 'upload' }],
  ['/extracts', { page: 'extract-log', nav: 'extracts' }],
  ['/agreements', { page: 'agreements', nav: 'agreements' }],
  ['/admin', { page: 'admin', nav: 'admin' }],
  // The board pages' old address (/boards.html#risks), kept so that bookmarks still work.
  ['/boards.html', { page: 'moved', nav: null }],
]);

/** The pages whose path ends in an id (decoded), by the path's first segment. */
const WITH_ID = new Map<string, (id: string) => Route>([
  ['areas', (code) => ({ page: 'area-profile', nav: 'areas', code })],
  ['indicators', (id) => ({ page: 'indicator-trend', nav: 'indicators', id })],
  ['interventions', (id) => ({ page: 'interventions', nav: 'board', id })],
  ['extracts', (id) => ({ page: 'extract-report', nav: 'extracts', id })],
  ['datasets', (id) => ({ page: 'data-quality', nav: 'extracts', id })],
  ['agreements', (id) => ({ page: 'agreement', nav: 'agreements', id })],
  ['partners', (id) => ({ page: 'partner', nav: 'partner', id })],
]);

/** The page for `pathname`. */
export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  const fixed = FIXED.get(path);
  if (fixed !== undefined) return fixed;
  const withId = /^\/([^/]+)\/([^/]+)$/.exec(path);
  const page = withId?.[1] === undefined ? undefined : WITH_ID.get(withId[1]);
  if (page !== undefined && withId?.[2] !== undefined) return page(decodeURIComponent(withId[2]));
  return { page: 'not-found', nav: null, path };
}

/** Pages for signed-in users only; the others are open to the public where the partnership publishes aggregates. */
const SIGNED_IN_ONLY: ReadonlySet<Route['page']> = new Set([
  // Its API is for board readers only (never the public).
  'serious-violence',
  'priorities',
  'risk-register',
  'interventions',
  'upload',
  'extract-log',
  'extract-report',
  'data-quality',
  'agreements',
  'agreement',
  'partner',
  'admin',
]);

/** Whether the page needs someone signed in. */
export function needsSignIn(route: Route): boolean {
  return SIGNED_IN_ONLY.has(route.page);
}

/** Where a board page's old address (`/boards.html#risks`, `#interventions/<id>`) is now. */
export function movedBoardPath(hash: string): string {
  const [page = '', id] = hash.replace(/^#/, '').split('/');
  if (page === 'risks') return '/risks';
  if (page === 'interventions') return id ? `/interventions/${id}` : '/interventions';
  return '/priorities';
}
