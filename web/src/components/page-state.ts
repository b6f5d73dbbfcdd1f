/**
 * The state of the page for people and for tests: `document.body.dataset.pageState`
 * is `loading`, `ready` or `error`, and an error is shown in an alert with the
 * API's own words.
 */
import { ApiError } from '../api/client.ts';

export type PageState = 'loading' | 'ready' | 'error';

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
  const alert = document.createElement('div');
  alert.className = 'error';
  alert.setAttribute('role', 'alert');
  alert.id = 'error';
  alert.textContent = messageOf(error);
  root.prepend(alert);
  setPageState('error');
  console.error(error);
}

/** An element with a class and text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string | null = null, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className !== null) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A link. */
export function link(href: string, text: string, className?: string): HTMLAnchorElement {
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.textContent = text;
  if (className !== undefined) anchor.className = className;
  return anchor;
}
