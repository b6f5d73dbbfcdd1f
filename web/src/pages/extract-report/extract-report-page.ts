/**
 * /extracts/{id}: an extract's report and its quarantine, paged and filterable by reason, with a CSV
 * download. The URL (?reason=&page=) reproduces the view.
 */
import type { QuarantinePage } from '../../../../server/contract/extracts.ts';
import { el, link } from '../../components/dom.ts';
import { setPageState, showPageError } from '../../components/page-state.ts';
import { formatCount as count } from '../../format/numbers.ts';
import { table } from '../extracts-common/extract-parts.ts';
import { extractsApi } from '../extracts-common/extracts-api.ts';
import { reportView } from './report-view.ts';
import '../extracts-common/extracts.css';

const PAGE_SIZE = 50;

/** The quarantine section: filter, page, table and download. */
async function renderQuarantine(section: HTMLElement, extractId: string, reason: string | null, page: number): Promise<void> {
  const data: QuarantinePage = await extractsApi.quarantine(extractId, { reason, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  section.replaceChildren(el('h2', null, 'Quarantine'));
  section.id = 'quarantine';
  if (data.reasons.length === 0) {
    section.append(el('p', 'empty', 'Nothing was quarantined from this extract: every row was loaded or lay outside the area.'));
    return;
  }
  if (!data.rawValuesVisible) section.append(el('p', 'notice', `Raw values are not shown: ${data.rawValuesWithheld ?? 'the agreement does not let your role see raw rows'}. Line numbers and reasons are.`));
  const form = el('form', 'quarantine-filter');
  form.method = 'get';
  form.action = `/extracts/${encodeURIComponent(extractId)}`;
  const label = el('label', null, 'Reason');
  label.htmlFor = 'reason';
  const select = el('select');
  select.id = 'reason';
  select.name = 'reason';
  select.append(new Option(`Every reason (${count(data.reasons.reduce((n, r) => n + r.rows, 0))} rows)`, ''));
  for (const r of data.reasons) select.append(new Option(`${r.reason} (${count(r.rows)})`, r.reason, false, r.reason === reason));
  const apply = el('button', null, 'Show');
  apply.type = 'submit';
  form.append(label, select, apply);
  section.append(form);
  const download = link(extractsApi.quarantineCsvUrl(extractId, reason), reason ? 'Download these rows as CSV' : 'Download the quarantine as CSV');
  download.setAttribute('download', '');
  download.className = 'download';
  section.append(download);

  const columns = [...new Set(data.rows.flatMap((r) => Object.keys(r.keptValues ?? {})))];
  const first = data.total === 0 ? 0 : data.offset + 1;
  const last = data.offset + data.rows.length;
  section.append(
    table(
      `Quarantined rows ${count(first)} to ${count(last)} of ${count(data.total)}`,
      ['Line', 'Field', 'Reason', ...columns],
      data.rows.map((r) => [String(r.line), r.field ?? '(whole row)', r.reason, ...columns.map((c) => r.keptValues?.[c] ?? '')]),
      'data-table quarantine-table',
    ),
  );
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  const nav = el('nav', 'pager');
  nav.setAttribute('aria-label', 'Quarantine pages');
  const pageHref = (n: number) => `/extracts/${encodeURIComponent(extractId)}?${new URLSearchParams({ ...(reason ? { reason } : {}), page: String(n) })}#quarantine`;
  if (page > 1) nav.append(link(pageHref(page - 1), 'Previous page'));
  nav.append(el('span', null, ` Page ${page} of ${pages} `));
  if (page < pages) nav.append(link(pageHref(page + 1), 'Next page'));
  section.append(nav);
}

/** Mounts the page for an extract id. */
export async function mountExtractReportPage(root: HTMLElement, extractId: string): Promise<void> {
  root.classList.add('extract-pages');
  setPageState('loading');
  const params = new URLSearchParams(window.location.search);
  const reason = params.get('reason') || null;
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  document.title = `Extract ${extractId} – Neighbourhood Observatory`;
  root.replaceChildren(el('h1', null, `Extract ${extractId}`));
  const back = el('p');
  back.append(link('/extracts', 'Back to the extract log'));
  root.append(back);
  try {
    const report = await extractsApi.report(extractId);
    root.append(reportView(report));
    if (report.dataset) {
      const quality = el('p');
      quality.append(link(`/datasets/${encodeURIComponent(report.dataset)}`, `Data quality of ${report.datasetTitle ?? report.dataset} over time`));
      root.append(quality);
    }
    const section = el('section', 'quarantine');
    root.append(section);
    await renderQuarantine(section, extractId, reason, page);
    setPageState('ready');
  } catch (error) {
    showPageError(root, error);
  }
}
