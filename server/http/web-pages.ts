/**
 * The pages of the web app: paths outside /api that answer the app's index.html. Anything else
 * outside /api that is not a built file is a 404 page, not the map. Add a page here when the web
 * app gains one.
 */
export const WEB_PAGES = ['/', '/map', '/areas', '/areas/:code', '/indicators', '/indicators/:id', '/dashboard', '/report', '/serious-violence', '/sign-in'] as const;

/** The governance pages (agreements, partners' windows, administration), answered with governance.html. */
export const GOVERNANCE_PAGES = ['/agreements', '/agreements/:id', '/partners/:id', '/admin'] as const;
/** The analyst's extract pages, served from extracts.html (upload, the extract log, a report, a dataset's quality). */
export const EXTRACT_PAGES = ['/upload', '/extracts', '/extracts/:id', '/datasets/:id'] as const;
export const EXTRACT_PAGES_FILE = 'extracts.html';

/** The 404 page for a path that is neither a page of the web app nor a file of it. */
export function notFoundPage(path: string): string {
  const escaped = path.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Page not found – Neighbourhood Observatory</title></head>
<body>
<main>
<h1>Page not found</h1>
<p>There is no page at <code>${escaped}</code>.</p>
<p><a href="/">Go to the map</a></p>
</main>
</body>
</html>
`;
}
