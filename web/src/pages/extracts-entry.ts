/**
 * The analyst's extract pages (served from extracts.html): /upload, /extracts, /extracts/{id} and
 * /datasets/{id}. Picks the page for the path and loads only its code.
 */
import '../styles.css';
import './extracts-common/extracts.css';
import { el, setPageState, showError } from './extracts-common/dom.ts';

/** The page a path names. */
export type ExtractRoute = { page: 'upload' } | { page: 'log' } | { page: 'report'; id: string } | { page: 'quality'; id: string } | { page: 'unknown' };

export function extractRouteOf(pathname: string): ExtractRoute {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/upload') return { page: 'upload' };
  if (path === '/extracts') return { page: 'log' };
  const report = /^\/extracts\/([^/]+)$/.exec(path);
  if (report?.[1]) return { page: 'report', id: decodeURIComponent(report[1]) };
  const quality = /^\/datasets\/([^/]+)$/.exec(path);
  if (quality?.[1]) return { page: 'quality', id: decodeURIComponent(quality[1]) };
  return { page: 'unknown' };
}

async function mount(root: HTMLElement): Promise<void> {
  const route = extractRouteOf(window.location.pathname);
  const nav = route.page === 'upload' ? 'upload' : route.page === 'unknown' ? null : 'extracts';
  for (const a of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
  switch (route.page) {
    case 'upload':
      return (await import('./upload/upload-page.ts')).mountUploadPage(root);
    case 'log':
      return (await import('./extract-log/extract-log-page.ts')).mountExtractLogPage(root);
    case 'report':
      return (await import('./extract-report/extract-report-page.ts')).mountExtractReportPage(root, route.id);
    case 'quality':
      return (await import('./data-quality/data-quality-page.ts')).mountDataQualityPage(root, route.id);
    case 'unknown':
      root.replaceChildren(el('h1', null, 'Page not found'));
      showError(root, `There is no page at ${window.location.pathname}.`);
  }
}

const main = document.getElementById('main');
if (main) {
  setPageState('loading');
  mount(main).catch((error: unknown) => showError(main, error instanceof Error ? error.message : String(error)));
}
