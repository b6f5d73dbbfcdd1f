/** DOM helpers for the extract pages beside the shared ones (components/page-state.ts): facts, tables, errors, numbers. */

import { el, setPageState } from '../../components/page-state.ts';

export { el, link, setPageState } from '../../components/page-state.ts';

/** A definition list of label → value pairs (values may be nodes). */
export function facts(pairs: readonly [string, string | Node][]): HTMLDListElement {
  const list = el('dl', 'facts');
  for (const [label, value] of pairs) {
    const row = el('div');
    row.append(el('dt', null, label));
    const dd = el('dd');
    dd.append(value);
    row.append(dd);
    list.append(row);
  }
  return list;
}

/** A table with a caption, header cells and rows of cells (strings or nodes), scrollable on its own and reachable by keyboard. */
export function table(caption: string, headers: readonly string[], rows: readonly (readonly (string | number | Node)[])[], className = 'data-table'): HTMLElement {
  const wrap = el('div', 'table-wrap');
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', caption);
  const t = el('table', className);
  t.append(el('caption', null, caption));
  const head = el('thead');
  const headRow = el('tr');
  for (const h of headers) {
    const th = el('th', null, h);
    th.scope = 'col';
    headRow.append(th);
  }
  head.append(headRow);
  const body = el('tbody');
  for (const cells of rows) {
    const tr = el('tr');
    for (const cell of cells) {
      const td = el('td');
      td.append(typeof cell === 'number' ? cell.toLocaleString('en-GB') : cell);
      tr.append(td);
    }
    body.append(tr);
  }
  t.append(head, body);
  wrap.append(t);
  return wrap;
}

/** Shows an error in plain words at the top of root and marks the page failed. */
export function showError(root: HTMLElement, message: string): void {
  const alert = el('div', 'error', message);
  alert.setAttribute('role', 'alert');
  root.prepend(alert);
  setPageState('error');
}

/** A number with thousands separators. */
export const count = (n: number): string => n.toLocaleString('en-GB');

/** A share as a percentage with one decimal. */
export const percent = (share: number): string => `${(share * 100).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;
