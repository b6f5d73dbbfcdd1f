/** What every governance page shares: who is viewing, failures (a 403 as the access-refused page), deadline badges and tables. */
import { ApiError } from '../../api/client.ts';
import { el, tableHead } from '../../components/dom.ts';
import { setPageState } from '../../components/page-state.ts';
import type { AgreementDeadlines } from '../../../../server/contract/index.ts';
import { showAccessRefused } from '../access-refused/access-refused-page.ts';
import { deadlineSummary } from './words.ts';

/** Who is signed in, as the pages need it. */
export type Viewer = { name: string; role: string; partner: string | null };

/** The viewer's own page, where a refused partner is sent. */
export function ownPageOf(viewer: Viewer): { href: string; text: string } | null {
  if (viewer.partner !== null) return { href: `/partners/${encodeURIComponent(viewer.partner)}`, text: 'Go to your organisation’s page' };
  return { href: '/agreements', text: 'Go to the agreements' };
}

/** Shows a failure: a 403 as the access-refused page, anything else as an alert with the API's words. */
export function showFailure(root: HTMLElement, error: unknown, what: string, viewer: Viewer): void {
  if (error instanceof ApiError && error.status === 403) {
    showAccessRefused(root, what, error.message, ownPageOf(viewer));
    return;
  }
  if (error instanceof ApiError && error.status === 401) {
    window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    return;
  }
  const message = error instanceof ApiError ? error.message : error instanceof Error ? `Something went wrong: ${error.message}` : 'Something went wrong.';
  root.replaceChildren(el('h1', {}, `Could not show ${what}`), el('p', { class: 'error', role: 'alert', id: 'error' }, message));
  setPageState('error');
  console.error(error);
}

/** A coloured badge that always says its status in words. */
export function deadlineBadge(deadlines: AgreementDeadlines): HTMLElement {
  const { level, text } = deadlineSummary(deadlines);
  return el('span', { class: `deadline deadline-${level}`, 'data-level': level }, text);
}

/** A table with a caption, header cells with scope, and rows of cells (strings or nodes). */
export function dataTable(caption: string, headers: readonly string[], rows: readonly (readonly (Node | string)[])[], options: { numeric?: readonly number[]; id?: string } = {}): HTMLElement {
  const numeric = new Set(options.numeric ?? []);
  const table = el(
    'table',
    { class: 'data-table', ...(options.id ? { id: options.id } : {}) },
    el('caption', {}, caption),
    tableHead(headers, (_header, i) => (numeric.has(i) ? 'num' : null)),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((cell, i) => (i === 0 ? el('th', { scope: 'row' }, cell) : el('td', numeric.has(i) ? { class: 'num' } : {}, cell)))))),
  );
  // A wide table scrolls on its own on a phone instead of widening the page; the wrapper can take focus so a keyboard can scroll it.
  return el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption }, table);
}
