/**
 * The analyst's extract pages (/upload, /extracts, /extracts/{id}, /datasets/{id}) as the app
 * mounts them: their shared style and width, and only the code of the page for the path.
 */
import type { Route } from '../../route.ts';
import './extracts.css';

/** The routes of the extract pages. */
export type ExtractRoute = Extract<Route, { page: 'upload' | 'extract-log' | 'extract-report' | 'data-quality' }>;

/** Draws the extract page of `route` into `root`; each page shows its own failures. */
export async function mountExtractPage(root: HTMLElement, route: ExtractRoute): Promise<void> {
  root.classList.add('extract-pages');
  switch (route.page) {
    case 'upload':
      return (await import('../upload/upload-page.ts')).mountUploadPage(root);
    case 'extract-log':
      return (await import('../extract-log/extract-log-page.ts')).mountExtractLogPage(root);
    case 'extract-report':
      return (await import('../extract-report/extract-report-page.ts')).mountExtractReportPage(root, route.id);
    case 'data-quality':
      return (await import('../data-quality/data-quality-page.ts')).mountDataQualityPage(root, route.id);
  }
}
