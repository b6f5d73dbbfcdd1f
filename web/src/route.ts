/**
 * The pages and their paths. Every page is a full URL (the server answers
 * every non-API path with the app), so links are plain links and a view can
 * be bookmarked or shared.
 */
export type Route =
  | { page: 'map'; nav: 'map' }
  | { page: 'dashboard'; nav: 'dashboard' }
  | { page: 'report'; nav: 'report' }
  | { page: 'serious-violence'; nav: 'serious-violence' }
  | { page: 'area-profile'; nav: 'areas'; code: string | null }
  | { page: 'indicator-trend'; nav: 'indicators'; id: string | null }
  | { page: 'not-found'; nav: null; path: string };

/** The page for `pathname`. */
export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/map') return { page: 'map', nav: 'map' };
  if (path === '/dashboard') return { page: 'dashboard', nav: 'dashboard' };
  if (path === '/report') return { page: 'report', nav: 'report' };
  if (path === '/serious-violence') return { page: 'serious-violence', nav: 'serious-violence' };
  if (path === '/areas') return { page: 'area-profile', nav: 'areas', code: null };
  if (path === '/indicators') return { page: 'indicator-trend', nav: 'indicators', id: null };
  const area = /^\/areas\/([^/]+)$/.exec(path);
  if (area?.[1] !== undefined) return { page: 'area-profile', nav: 'areas', code: decodeURIComponent(area[1]) };
  const indicator = /^\/indicators\/([^/]+)$/.exec(path);
  if (indicator?.[1] !== undefined) return { page: 'indicator-trend', nav: 'indicators', id: decodeURIComponent(indicator[1]) };
  return { page: 'not-found', nav: null, path };
}
