/** The page for a path the app does not know: says so and links to the pages it has. */
export function mountNotFoundPage(root: HTMLElement, path: string): void {
  document.title = 'Page not found – Neighbourhood Observatory';
  const heading = document.createElement('h1');
  heading.className = 'page-title';
  heading.textContent = 'Page not found';
  const text = document.createElement('p');
  text.textContent = `There is no page at ${path}. Try the dashboard or the map from the menu above.`;
  root.replaceChildren(heading, text);
  document.body.dataset.pageState = 'ready';
}
