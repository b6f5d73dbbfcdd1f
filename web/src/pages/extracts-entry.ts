/**
 * The analyst's extract pages (served from extracts.html): /upload, /extracts, /extracts/{id} and
 * /datasets/{id}. Picks the page for the path and loads only its code.
 */
import '../styles.css';
import './extracts-common/extracts.css';
import { renderSiteNav } from '../components/site-nav.ts';
import { currentSession, signOut } from '../sign-in/session-client.ts';
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
  // These pages need sign-in: send the browser to sign in and back here when nobody is signed in.
  const session = await currentSession();
  if (!session.signedIn) {
    window.location.replace(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    return;
  }
  const nav = document.getElementById('site-nav');
  if (nav) {
    renderSiteNav(nav, session, route.page === 'upload' ? 'upload' : route.page === 'unknown' ? null : 'extracts', () => {
      signOut().then(
        () => window.location.assign('/sign-in'),
        (error: unknown) => showError(root, error instanceof Error ? error.message : String(error)),
      );
    });
  }
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
