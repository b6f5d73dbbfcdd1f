/** The extract log's filters and sort order, read from and written to the URL, and applied to the log. Pure. */
import type { ExtractSummary } from '../../../../server/contract/extracts.ts';

export const SORT_KEYS = ['loadedAt', 'partner', 'dataset', 'period', 'status', 'loadedBy', 'rowsRead', 'rowsQuarantined'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export type LogView = { partner: string; dataset: string; status: string; period: string; who: string; sort: SortKey; direction: 'asc' | 'desc' };

export const DEFAULT_VIEW: LogView = { partner: '', dataset: '', status: '', period: '', who: '', sort: 'loadedAt', direction: 'desc' };

/** The view a URL's query names (unknown values fall back to the defaults). */
export function viewFromSearch(search: string): LogView {
  const params = new URLSearchParams(search);
  const sort = params.get('sort');
  return {
    partner: params.get('partner') ?? '',
    dataset: params.get('dataset') ?? '',
    status: params.get('status') ?? '',
    period: params.get('period') ?? '',
    who: params.get('who') ?? '',
    sort: (SORT_KEYS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : DEFAULT_VIEW.sort,
    direction: params.get('direction') === 'asc' ? 'asc' : params.get('direction') === 'desc' ? 'desc' : DEFAULT_VIEW.direction,
  };
}

/** The query string of a view, leaving out defaults. */
export function searchOfView(view: LogView): string {
  const params = new URLSearchParams();
  for (const key of ['partner', 'dataset', 'status', 'period', 'who'] as const) if (view[key]) params.set(key, view[key]);
  if (view.sort !== DEFAULT_VIEW.sort || view.direction !== DEFAULT_VIEW.direction) {
    params.set('sort', view.sort);
    params.set('direction', view.direction);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The extract's status as people read it: replaced extracts say so. */
export function statusOf(extract: ExtractSummary): string {
  if (extract.status === 'loaded' && extract.supersededBy) return 'replaced';
  if (extract.status === 'loaded' && extract.purgedAt) return 'purged';
  return extract.status;
}

function sortValue(extract: ExtractSummary, key: SortKey): string | number {
  switch (key) {
    case 'period':
      return extract.periodStart ?? '';
    case 'status':
      return statusOf(extract);
    case 'rowsRead':
    case 'rowsQuarantined':
      return extract[key];
    default:
      return extract[key] ?? '';
  }
}

/** The extracts the view keeps, in its order. A period filter (YYYY-MM) keeps extracts whose months include it. */
export function applyView(extracts: readonly ExtractSummary[], view: LogView): ExtractSummary[] {
  const who = view.who.trim().toLowerCase();
  const kept = extracts.filter(
    (e) =>
      (!view.partner || e.partner === view.partner) &&
      (!view.dataset || e.dataset === view.dataset) &&
      (!view.status || statusOf(e) === view.status) &&
      (!view.period || (e.periodStart !== null && e.periodStart <= view.period && view.period <= (e.periodEnd ?? e.periodStart))) &&
      (!who || e.loadedBy.toLowerCase().includes(who) || e.file.toLowerCase().includes(who)),
  );
  const sign = view.direction === 'asc' ? 1 : -1;
  return kept.sort((a, b) => {
    const [x, y] = [sortValue(a, view.sort), sortValue(b, view.sort)];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * order || b.extractId.localeCompare(a.extractId);
  });
}
