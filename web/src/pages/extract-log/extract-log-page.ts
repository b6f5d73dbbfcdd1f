/**
 * /extracts: the extract log as a sortable, filterable table (partner, dataset, period, status, when,
 * who); the URL's query reproduces the view. Links to each extract's report and each dataset's quality.
 */
import type { ExtractSummary } from '../../../../server/contract/extracts.ts';
import { el, link } from '../../components/dom.ts';
import { setPageState, showPageError } from '../../components/page-state.ts';
import { formatCount as count } from '../../format/numbers.ts';
import { extractsApi } from '../extracts-common/extracts-api.ts';
import { applyView, searchOfView, statusOf, viewFromSearch, type LogView, type SortKey } from './log-view.ts';
import '../extracts-common/extracts.css';

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'loadedAt', label: 'When' },
  { key: 'partner', label: 'Partner' },
  { key: 'dataset', label: 'Dataset' },
  { key: 'period', label: 'Months' },
  { key: 'status', label: 'Status' },
  { key: 'rowsRead', label: 'Rows read' },
  { key: 'rowsQuarantined', label: 'Quarantined' },
  { key: 'loadedBy', label: 'Who' },
];

function select(id: string, label: string, options: readonly string[], value: string, every: string): HTMLElement {
  const wrap = el('div', 'control');
  const l = el('label', null, label);
  l.htmlFor = id;
  const s = el('select');
  s.id = id;
  s.name = id;
  s.append(new Option(every, ''));
  for (const option of options) s.append(new Option(option, option, false, option === value));
  wrap.append(l, s);
  return wrap;
}

function textInput(id: string, label: string, value: string, hint: string): HTMLElement {
  const wrap = el('div', 'control');
  const l = el('label', null, label);
  l.htmlFor = id;
  const input = el('input');
  input.id = id;
  input.name = id;
  input.value = value;
  input.placeholder = hint;
  wrap.append(l, input);
  return wrap;
}

function render(root: HTMLElement, extracts: readonly ExtractSummary[], view: LogView, datasets: readonly string[]): void {
  const shown = applyView(extracts, view);
  const form = el('form', 'log-filters');
  form.method = 'get';
  form.action = '/extracts';
  form.setAttribute('aria-label', 'Filter the extract log');
  const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))].sort();
  form.append(
    select('partner', 'Partner', unique(extracts.map((e) => e.partner)), view.partner, 'Every partner'),
    select('dataset', 'Dataset', unique(extracts.map((e) => e.dataset)), view.dataset, 'Every dataset'),
    select('status', 'Status', unique(extracts.map(statusOf)), view.status, 'Every status'),
    textInput('period', 'Month', view.period, 'YYYY-MM'),
    textInput('who', 'Who or file', view.who, 'a name or file'),
  );
  if (view.sort !== 'loadedAt' || view.direction !== 'desc') {
    for (const [name, value] of [['sort', view.sort], ['direction', view.direction]] as const) {
      const hidden = el('input');
      hidden.type = 'hidden';
      hidden.name = name;
      hidden.value = value;
      form.append(hidden);
    }
  }
  const apply = el('button', null, 'Filter');
  apply.type = 'submit';
  form.append(apply, link('/extracts', 'Clear filters'));

  const summary = el('p', 'status', `${count(shown.length)} of ${count(extracts.length)} extracts.`);
  summary.setAttribute('role', 'status');

  const wrap = el('div', 'table-wrap');
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', 'The extract log');
  const t = el('table', 'data-table log-table');
  t.append(el('caption', null, 'Extracts, one per file sent'));
  const headRow = el('tr');
  headRow.append(Object.assign(el('th', null, 'Extract'), { scope: 'col' }));
  for (const column of COLUMNS) {
    const th = el('th');
    th.scope = 'col';
    const active = view.sort === column.key;
    th.setAttribute('aria-sort', active ? (view.direction === 'asc' ? 'ascending' : 'descending') : 'none');
    const direction = active && view.direction === 'desc' ? 'asc' : active ? 'desc' : column.key === 'loadedAt' || column.key.startsWith('rows') ? 'desc' : 'asc';
    th.append(link(`/extracts${searchOfView({ ...view, sort: column.key, direction })}`, `${column.label}${active ? (view.direction === 'asc' ? ' ▲' : ' ▼') : ''}`));
    headRow.append(th);
  }
  const head = el('thead');
  head.append(headRow);
  const body = el('tbody');
  for (const e of shown) {
    const tr = el('tr');
    const idCell = el('td');
    idCell.append(link(`/extracts/${encodeURIComponent(e.extractId)}`, e.extractId), el('span', 'file-name', ` ${e.file}`));
    const cells = [
      e.loadedAt.replace('T', ' ').replace(/:\d\dZ$/, ''),
      e.partner ?? '—',
      e.dataset ?? '—',
      e.periodStart ? (e.periodStart === e.periodEnd ? e.periodStart : `${e.periodStart} to ${e.periodEnd ?? ''}`) : '—',
      statusOf(e),
      count(e.rowsRead),
      count(e.rowsQuarantined),
      e.loadedBy,
    ];
    tr.append(idCell, ...cells.map((text) => el('td', null, text)));
    body.append(tr);
  }
  t.append(head, body);
  wrap.append(t);

  const quality = el('section', 'quality-links');
  quality.append(el('h2', null, 'Data quality over time'));
  const list = el('ul');
  for (const dataset of datasets) {
    const item = el('li');
    item.append(link(`/datasets/${encodeURIComponent(dataset)}`, dataset));
    list.append(item);
  }
  quality.append(list);

  const children: Node[] = [el('h1', null, 'Extract log'), form, summary];
  if (extracts.length === 0) children.push(el('p', 'empty', 'No extract has been sent yet. Upload one to start.'));
  else if (shown.length === 0) children.push(el('p', 'empty', 'No extract matches these filters. Clear them to see the whole log.'));
  else children.push(wrap);
  const upload = el('p');
  upload.append(link('/upload', 'Upload an extract'));
  children.push(upload, quality);
  root.replaceChildren(...children);
}

/** Mounts the extract log. */
export async function mountExtractLogPage(root: HTMLElement): Promise<void> {
  root.classList.add('extract-pages');
  setPageState('loading');
  document.title = 'Extract log – Neighbourhood Observatory';
  try {
    const [{ extracts }, { datasets }] = await Promise.all([extractsApi.list(), extractsApi.datasets()]);
    render(root, extracts, viewFromSearch(window.location.search), datasets.map((d) => d.id));
    setPageState('ready');
  } catch (error) {
    root.replaceChildren(el('h1', null, 'Extract log'));
    showPageError(root, error);
  }
}
