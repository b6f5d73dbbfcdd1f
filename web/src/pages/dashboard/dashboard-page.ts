/**
 * The dashboard (`/dashboard`): the partnership at a glance for its board.
 * What needs attention first (RAG red or amber, trends getting worse, the
 * indicators with most neighbourhoods significantly worse than the
 * partnership), then every indicator by theme with its latest value, direction
 * of travel, RAG, sparkline and the count of LSOAs significantly worse than the
 * partnership (linking to the map in that mode), then the multi-agency view.
 */
import type { ApiClient, AreaCollection, MultiAgencyView } from '../../api/client.ts';
import { scrollingRegion } from '../../components/charts/chart-figure.ts';
import { el, link, tableHead } from '../../components/dom.ts';
import { messageOf, setPageState, showPageError } from '../../components/page-state.ts';
import { attentionItems, worseThanPartnership, type DashboardLine } from '../../components/attention.ts';
import { indicatorSummaryTable } from '../../components/indicator-summary.ts';
import { decimalsFor, formatNumber } from '../../format/numbers.ts';
import { multiAgencyMap } from '../../map/multi-agency-map.ts';
import { groupByTheme } from '../map/controls.ts';

/** Put the dashboard into `root`. */
export function mountDashboardPage(root: HTMLElement, api: ApiClient): void {
  setPageState('loading');
  document.title = 'Dashboard – Neighbourhood Observatory';
  root.replaceChildren(el('h1', 'page-title', 'Dashboard'), el('p', 'status', 'Loading the partnership’s figures…'));
  void load(api)
    .then(({ lines, multiAgency, boundaries, failures }) => {
      render(root, lines, multiAgency, boundaries, failures);
      setPageState('ready');
    })
    .catch((error: unknown) => {
      root.replaceChildren(el('h1', 'page-title', 'Dashboard'));
      showPageError(root, error);
    });
}

/** The LSOA and district boundaries the multi-agency map is drawn on, or the error that kept them away. */
type Boundaries = { lsoas: AreaCollection; districts: AreaCollection } | Error;

async function load(api: ApiClient): Promise<{ lines: DashboardLine[]; multiAgency: MultiAgencyView | Error; boundaries: Boundaries; failures: string[] }> {
  const catalogue = await api.indicators();
  const failures: string[] = [];
  const shown = catalogue.indicators.filter((indicator) => indicator.latestPeriod !== null && indicator.levels.includes('partnership'));
  const lines = await Promise.all(
    shown.map(async (indicator): Promise<DashboardLine | null> => {
      const period = indicator.latestPeriod as string;
      try {
        const partnershipValues = await api.values(indicator.id, 'partnership', period);
        const partnership = partnershipValues.values[0];
        if (partnership === undefined) return null;
        const [series, lsoas] = await Promise.all([
          indicator.periods.length > 1 ? api.series(indicator.id, partnership.area) : Promise.resolve(null),
          indicator.levels.includes('lsoa') ? api.values(indicator.id, 'lsoa', period) : Promise.resolve(null),
        ]);
        return {
          indicator,
          partnership,
          periodLabel: partnershipValues.period.label,
          series,
          worse: lsoas === null ? null : worseThanPartnership(indicator, lsoas.values, partnership),
          lsoaCount: lsoas?.values.length ?? 0,
        };
      } catch (error) {
        failures.push(`${indicator.title}: ${messageOf(error)}`);
        console.error(error);
        return null;
      }
    }),
  );
  const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
  const [multiAgency, boundaries] = await Promise.all([
    api.multiAgency().catch(asError),
    Promise.all([api.geography('lsoa'), api.geography('lad')]).then(([lsoas, districts]) => ({ lsoas, districts }), asError),
  ]);
  return { lines: lines.filter((line): line is DashboardLine => line !== null), multiAgency, boundaries, failures };
}

function mapLink(line: DashboardLine): string {
  const query = new URLSearchParams({ indicator: line.indicator.id, level: 'lsoa', period: line.indicator.latestPeriod ?? '', mode: 'partnership' });
  return `/?${query}`;
}

function render(root: HTMLElement, lines: readonly DashboardLine[], multiAgency: MultiAgencyView | Error, boundaries: Boundaries, failures: readonly string[]): void {
  const partnershipName = lines[0]?.partnership.name ?? 'The partnership';
  const heading = el('h1', 'page-title', `Dashboard: ${partnershipName}`);
  const intro = el(
    'p',
    'description',
    'Each indicator’s latest period for the partnership as a whole. Significance throughout is at 95%: an area is significantly worse when its whole confidence interval lies on the bad side of the partnership’s value.',
  );
  const parts: HTMLElement[] = [heading, intro];
  if (failures.length > 0) {
    const alert = el('div', 'error');
    alert.setAttribute('role', 'alert');
    alert.append(el('p', null, 'Some indicators could not be loaded:'));
    const list = el('ul');
    for (const failure of failures) list.append(el('li', null, failure));
    alert.append(list);
    parts.push(alert);
  }
  parts.push(attentionSection(lines));
  for (const [theme, members] of groupByTheme(lines.map((line) => ({ ...line, theme: line.indicator.theme })))) {
    parts.push(themeSection(theme, members));
  }
  parts.push(multiAgencySection(multiAgency, boundaries));
  root.replaceChildren(...parts);
}

function attentionSection(lines: readonly DashboardLine[]): HTMLElement {
  const section = el('section', 'attention');
  section.setAttribute('aria-labelledby', 'attention-heading');
  const heading = el('h2', null, 'What needs attention');
  heading.id = 'attention-heading';
  section.append(heading);
  const items = attentionItems(lines);
  if (items.length === 0) {
    section.append(el('p', null, 'No indicator misses its target, is getting significantly worse, or has one neighbourhood in ten significantly worse than the partnership.'));
    return section;
  }
  const list = el('ol', 'attention-list');
  for (const { line, reasons } of items) {
    const item = el('li');
    item.dataset.indicator = line.indicator.id;
    item.append(link(`/indicators/${encodeURIComponent(line.indicator.id)}`, line.indicator.title), `: ${reasons.join('; ')}. `);
    if ((line.worse?.length ?? 0) > 0) item.append(link(mapLink(line), 'See where on the map'));
    list.append(item);
  }
  section.append(list);
  return section;
}

function worseCell(line: DashboardLine): Node {
  if (line.worse === null) return el('span', 'figure-note', line.indicator.polarity === 'no-judgement' ? 'Not judged (no polarity)' : 'No LSOA figures');
  const cell = document.createDocumentFragment();
  cell.append(link(mapLink(line), `${line.worse.length} of ${line.lsoaCount}`));
  if (line.worse.length > 0) {
    const names = line.worse.slice(0, 3).map((figure) => figure.name);
    cell.append(el('span', 'figure-note', `worst: ${names.join(', ')}${line.worse.length > 3 ? '…' : ''}`));
  }
  return cell;
}

function themeSection(theme: string, lines: readonly DashboardLine[]): HTMLElement {
  const id = `theme-${theme.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const caption = `${theme}: latest figures for the partnership`;
  const table = indicatorSummaryTable({
    caption,
    regionLabel: caption,
    className: 'dashboard-table',
    lastColumn: 'Neighbourhoods significantly worse',
    rows: lines.map((line) => ({
      indicator: line.indicator,
      figure: line.partnership,
      decimals: decimalsFor([line.partnership.value, line.partnership.lower, line.partnership.upper]),
      name: link(`/indicators/${encodeURIComponent(line.indicator.id)}`, line.indicator.title),
      periodNote: line.periodLabel,
      series: line.series?.points ?? [],
      last: worseCell(line),
    })),
  });
  return el('section', { class: 'dashboard-theme', 'aria-labelledby': id }, el('h2', { id }, theme), table);
}

function multiAgencySection(view: MultiAgencyView | Error, boundaries: Boundaries): HTMLElement {
  const section = el('section', 'multi-agency');
  section.setAttribute('aria-labelledby', 'multi-agency-heading');
  const heading = el('h2', null, view instanceof Error ? 'Multi-agency view' : view.title);
  heading.id = 'multi-agency-heading';
  section.append(heading);
  if (view instanceof Error) {
    section.append(el('p', 'notice', `The multi-agency view could not be loaded: ${messageOf(view)}`));
    return section;
  }
  section.append(el('p', 'description', `${view.period.label}. How it is worked out: ${view.method}`));
  const titles = new Map(view.inputs.map((input) => [input.id, input.title]));
  const ranked = view.areas.filter((area) => area.highDemandCount >= 2);
  if (ranked.length === 0) {
    section.append(el('p', null, 'No neighbourhood has significantly high demand for two or more partners.'));
    return section;
  }
  const table = el('table', 'data-table');
  table.id = 'multi-agency-table';
  table.append(el('caption', null, `${ranked.length} neighbourhoods where two or more partners see significantly high demand, most first`));
  const head = tableHead(['Neighbourhood (LSOA)', 'Partners with high demand', 'Which', 'Composite score'], (column) =>
    column === 'Composite score' || column === 'Partners with high demand' ? 'numeric' : null,
  );
  const body = el('tbody');
  for (const area of ranked) {
    const row = el('tr');
    const name = el('th');
    name.scope = 'row';
    name.append(link(`/areas/${encodeURIComponent(area.area)}`, area.name));
    const which = area.highDemand.map((id) => titles.get(id) ?? id).join('; ');
    const withheld = area.withheldInputs.length > 0 ? ` (withheld: ${area.withheldInputs.map((id) => titles.get(id) ?? id).join('; ')})` : '';
    row.append(
      name,
      el('td', 'numeric', `${area.highDemandCount} of ${view.inputs.length}`),
      el('td', null, `${which}${withheld}`),
      el('td', 'numeric', area.composite === null ? 'not calculated' : formatNumber(area.composite, 2)),
    );
    body.append(row);
  }
  table.append(head, body);
  const scroller = scrollingRegion('table-wrap', table.caption?.textContent ?? 'Table', table);
  // The map beside the ranked list: where the neighbourhoods the list names are.
  const layout = el('div', 'multi-agency-layout');
  if (boundaries instanceof Error) layout.append(el('p', 'notice', `The map could not be drawn: ${messageOf(boundaries)}`));
  else layout.append(multiAgencyMap({ view, lsoas: boundaries.lsoas, districts: boundaries.districts, legendHeading: 'h3' }));
  layout.append(scroller);
  section.append(layout);
  return section;
}
