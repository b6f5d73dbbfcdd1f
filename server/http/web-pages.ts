/**
 * The pages of the web app: paths outside /api that answer the app's one page, index.html, whose
 * router (web/src/route.ts) draws the page for the path. Anything else outside /api that is not a
 * built file is a 404 page, not the map. Add a path here when the web app gains a page.
 */
export const WEB_PAGES = [
  '/',
  '/map',
  '/areas',
  '/areas/:code',
  '/indicators',
  '/indicators/:id',
  '/dashboard',
  '/report',
  '/serious-violence',
  // The board pages; /boards.html is their old address, which the app sends on to them.
  '/priorities',
  '/risks',
  '/interventions',
  '/interventions/:id',
  '/boards.html',
  // The analyst's extract pages.
  '/upload',
  '/extracts',
  '/extracts/:id',
  '/datasets/:id',
  // The governance pages.
  '/agreements',
  '/agreements/:id',
  '/partners/:id',
  '/admin',
] as const;

/** The sign-in page: a page of its own (sign-in.html), which works with no session and loads none of the app. */
export const SIGN_IN_PAGE = '/sign-in';

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
