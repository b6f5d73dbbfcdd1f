/**
 * Entry point: picks the page for the URL's path, marks it in the navigation
 * and loads only that page's code (the map page does not load the chart
 * library, the chart pages do not load MapLibre).
 */
import { createApiClient } from './api/client.ts';
import { setPageState, showPageError } from './components/page-state.ts';
import { routeOf } from './route.ts';
import './styles.css';

const main = document.getElementById('main');
if (main === null) throw new Error('The page has no #main');
const api = createApiClient();
const route = routeOf(window.location.pathname);

for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) {
  if (link.dataset.nav === route.nav) link.setAttribute('aria-current', 'page');
}

async function mount(root: HTMLElement): Promise<void> {
  switch (route.page) {
    case 'map':
      (await import('./pages/map/map-page.ts')).mountMapPage(root, api);
      return;
    case 'dashboard':
      (await import('./pages/dashboard/dashboard-page.ts')).mountDashboardPage(root, api);
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

setPageState('loading');
mount(main).catch((error: unknown) => showPageError(main, error));
