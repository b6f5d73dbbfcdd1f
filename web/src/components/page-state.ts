/**
 * The state of the page for people and for tests: `document.body.dataset.pageState`
 * is `loading`, `ready`, `error` or `forbidden` (the API refused the page), and
 * an error is shown in an alert with the API's own words.
 */
import { ApiError } from '../api/client.ts';
import { el } from './dom.ts';

export type PageState = 'loading' | 'ready' | 'error' | 'forbidden';

/** Marks the page's state on the body. */
export function setPageState(state: PageState): void {
  document.body.dataset.pageState = state;
}

/** The message to show for a failure: the API's detail when it gave one. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    return error.status === 401 || error.status === 403 ? `${error.message} (sign in, or ask for access, to see these figures)` : error.message;
  }
  if (error instanceof Error) return `Something went wrong: ${error.message}`;
  return 'Something went wrong.';
}

/** Show `error` at the top of `root`, mark the page failed and log it. */
export function showPageError(root: HTMLElement, error: unknown): void {
  const alert = el('div', { class: 'error', role: 'alert', id: 'error' }, messageOf(error));
  root.prepend(alert);
  setPageState('error');
  console.error(error);
}

/** A part of a page drawn from what was loaded for it, or, when that failed, a notice naming `what` could not be loaded and why. */
export function partOrNotice<T>(loaded: T | Error, what: string, draw: (view: T) => Node[]): Node[] {
  return loaded instanceof Error ? [el('p', 'notice', `${what} could not be loaded: ${messageOf(loaded)}`)] : draw(loaded);
}
