/** What the extract pages build beside the shared components: lists of facts, tables and percentages. */
import { el, tableHead } from '../../components/dom.ts';
import { formatCount } from '../../format/numbers.ts';

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
  const head = tableHead(headers);
  const body = el('tbody');
  for (const cells of rows) {
    const tr = el('tr');
    for (const cell of cells) {
      const td = el('td');
      td.append(typeof cell === 'number' ? formatCount(cell) : cell);
      tr.append(td);
    }
    body.append(tr);
  }
  t.append(head, body);
  wrap.append(t);
  return wrap;
}

/** A share as a percentage with one decimal. */
export const percent = (share: number): string => `${(share * 100).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;
