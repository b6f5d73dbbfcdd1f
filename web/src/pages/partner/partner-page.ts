/**
 * /partners/{id}: a partner's window. Its agreements, its extracts (each linking
 * to its report at /extracts/{id}), the indicators its data feeds, and who has
 * used figures built on its data, by week, with a CSV download (profiles, views
 * and the catalogue count for every partner whose data they showed).
 */
import { ApiError } from '../../api/client.ts';
import { el } from '../../components/dom.ts';
import type { PartnerUsage, PartnerWindow } from '../../../../server/contract/index.ts';
import { governanceApi } from '../governance-common/governance-api.ts';
import { setPageState } from '../../components/page-state.ts';
import { formatCount as count } from '../../format/numbers.ts';
import { dataTable, deadlineBadge, type Viewer } from '../governance-common/page-frame.ts';
import { actionWords, roleWords, shortDate, usageIndicatorWords } from '../governance-common/words.ts';

function extractsSection(partner: PartnerWindow): HTMLElement {
  const s = partner.extractSummary;
  const statuses = Object.entries(s.byStatus).map(([status, n]) => `${count(n)} ${status}`).join(', ');
  const summary =
    s.extracts === 0
      ? el('p', { class: 'empty' }, `No extract from ${partner.name} has been loaded yet. Extracts appear here once an analyst or the partner uploads one.`)
      : el(
          'p',
          { id: 'extract-summary' },
          `${count(s.extracts)} ${s.extracts === 1 ? 'extract' : 'extracts'} (${statuses}): ${count(s.rowsLoaded)} rows loaded and ${count(s.rowsQuarantined)} set aside in quarantine. `,
          s.latestPeriod ? `Latest month loaded: ${s.latestPeriod}. ` : '',
          s.lastLoadedAt ? `Last received ${shortDate(s.lastLoadedAt)}.` : '',
        );
  const table =
    partner.extracts.length === 0
      ? null
      : dataTable(
          `${partner.name}: extracts, newest first`,
          ['Extract', 'Dataset', 'Months', 'Status', 'Rows read', 'Loaded', 'Quarantined', 'Received'],
          partner.extracts.map((e) => [
            el('a', { href: `/extracts/${encodeURIComponent(e.extractId)}` }, e.extractId),
            e.dataset ?? '–',
            e.periodStart === null ? '–' : e.periodStart === e.periodEnd ? e.periodStart : `${e.periodStart} to ${e.periodEnd}`,
            e.supersededBy ? `${e.status} (replaced by ${e.supersededBy})` : e.purgedAt ? `${e.status} (raw rows purged)` : e.status,
            count(e.rowsRead),
            count(e.rowsLoaded),
            count(e.rowsQuarantined),
            shortDate(e.loadedAt),
          ]),
          { numeric: [4, 5, 6], id: 'extracts' },
        );
  return el(
    'section',
    { 'aria-labelledby': 'extracts-heading' },
    el('h2', { id: 'extracts-heading' }, 'Extracts'),
    summary,
    table ?? '',
    el('p', {}, el('a', { href: `/extracts?${new URLSearchParams({ partner: partner.id })}` }, 'The full extract log and data quality for these datasets')),
  );
}

function usageSection(partner: PartnerWindow, usage: PartnerUsage | string, partnerNames: Record<string, string>): HTMLElement {
  const heading = el('h2', { id: 'usage-heading' }, 'Who used figures built on this data');
  if (typeof usage === 'string') return el('section', { 'aria-labelledby': 'usage-heading' }, heading, el('p', {}, usage));
  const intro = el(
    'p',
    {},
    'Every successful read of figures, figure sources, extracts or quarantined rows built on this partner’s data is in the audit log. Here it is counted by week (ISO weeks, Monday to Sunday), by role: people are counted, not named.',
  );
  const several = el(
    'p',
    {},
    'An area profile, the multi-agency and serious-violence views and the list of indicators show several partners’ data at once: each read of one is counted here, and in the usage of every other partner whose data it showed.',
  );
  const download = el('p', {}, el('a', { href: governanceApi.usageCsvUrl(partner.id), download: `usage-${partner.id}.csv`, id: 'usage-csv' }, 'Download the usage as CSV'));
  const table =
    usage.rows.length === 0
      ? el('p', { class: 'empty' }, 'Nobody has read figures built on this data yet.')
      : dataTable(
          'Use of this partner’s data by week',
          ['Week', 'Role', 'What', 'Indicator', 'Requests', 'People'],
          usage.rows.map((r) => [
            `${r.week} (from ${shortDate(r.weekStart)})`,
            roleWords(r.role, partnerNames),
            actionWords(r.action),
            r.indicator ? el('a', { href: `/indicators/${encodeURIComponent(r.indicator)}` }, r.indicator) : usageIndicatorWords(r.action, null),
            count(r.requests),
            count(r.users),
          ]),
          { numeric: [4, 5], id: 'usage' },
        );
  return el('section', { 'aria-labelledby': 'usage-heading' }, heading, intro, several, table, download);
}

/** Draws a partner's window into `root`. */
export async function showPartnerPage(root: HTMLElement, id: string, viewer: Viewer): Promise<void> {
  const partner = await governanceApi.partner(id);
  document.title = `${partner.name} – Neighbourhood Observatory`;
  // Who used the data comes from the audit: admins and the partner itself may read it.
  const usage = await governanceApi.usage(id).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 403) return 'Only administrators and the partner itself can see who used its data.';
    throw error;
  });
  const partnerNames = Object.fromEntries(partner.agreements.map((a) => [a.partner, a.partnerName]));
  const own = viewer.partner === partner.id;
  root.replaceChildren(
    el('h1', {}, own ? `${partner.name}: your data in the observatory` : partner.name),
    el('p', { class: 'lead' }, `Datasets shared: ${partner.datasets.join(', ')}.`),
    el(
      'section',
      { 'aria-labelledby': 'agreements-heading' },
      el('h2', { id: 'agreements-heading' }, 'Agreements'),
      partner.agreements.length === 0
        ? el('p', { class: 'empty' }, 'No agreement names this partner.')
        : el(
            'ul',
            { class: 'link-list', id: 'partner-agreements' },
            ...partner.agreements.map((a) =>
              el('li', {}, el('a', { href: `/agreements/${encodeURIComponent(a.id)}` }, `${a.dataset}: agreement ${a.id}, version ${a.version}, in plain English`), ' ', deadlineBadge(a.deadlines)),
            ),
          ),
    ),
    extractsSection(partner),
    el(
      'section',
      { 'aria-labelledby': 'indicators-heading' },
      el('h2', { id: 'indicators-heading' }, 'Indicators this data feeds'),
      partner.indicators.length === 0
        ? el('p', { class: 'empty' }, 'No indicator is built on this data yet.')
        : el('ul', { class: 'link-list', id: 'partner-indicators' }, ...partner.indicators.map((i) => el('li', {}, el('a', { href: `/indicators/${encodeURIComponent(i.id)}` }, i.title)))),
    ),
    usageSection(partner, usage, partnerNames),
  );
  setPageState('ready');
}
