/**
 * The dashboard (`/dashboard`): the partnership at a glance for its board.
 * What needs attention first (RAG red or amber, trends getting worse, the
 * indicators with most neighbourhoods significantly worse than the
 * partnership), then every indicator by theme with its latest value, direction
 * of travel, RAG, sparkline and the count of LSOAs significantly worse than the
 * partnership (linking to the map in that mode), then the multi-agency view.
 */
import type { ApiClient, AreaFigure, Indicator, IndicatorSeries, MultiAgencyView } from '../../api/client.ts';
import { sparkline } from '../../components/charts/sparkline.ts';
import { scrollingRegion } from '../../components/charts/chart-figure.ts';
import { el, link, messageOf, setPageState, showPageError } from '../../components/page-state.ts';
import { badge, ragJudgement, trendJudgement } from '../../format/judgements.ts';
import { decimalsFor, formatNumber } from '../../format/numbers.ts';
import { categoryOf, significanceAgainst } from '../../map/compare-areas.ts';
import { groupByTheme } from '../map/controls.ts';

/** One indicator's line on the dashboard. */
export interface DashboardLine {
  indicator: Indicator;
  partnership: AreaFigure;
  periodLabel: string;
  series: IndicatorSeries | null;
  /** LSOAs whose 95% CI lies wholly on the bad side of the partnership's value; null without polarity or LSOA figures. */
  worse: AreaFigure[] | null;
  lsoaCount: number;
}

/** The LSOAs significantly worse than the partnership, worst first. */
export function worseThanPartnership(indicator: Indicator, lsoas: readonly AreaFigure[], partnership: AreaFigure): AreaFigure[] | null {
  if (indicator.polarity === 'no-judgement') return null;
  const worse = lsoas.filter((figure) => categoryOf(significanceAgainst(figure, partnership.value), indicator.polarity) === 'worse');
  const sign = indicator.polarity === 'low-is-good' ? -1 : 1;
  return worse.sort((a, b) => sign * ((a.value ?? 0) - (b.value ?? 0)));
}

/** Indicators that need attention, each with why, most pressing first. */
export function attentionItems(lines: readonly DashboardLine[]): Array<{ line: DashboardLine; reasons: string[]; weight: number }> {
  const items = lines.map((line) => {
    const reasons: string[] = [];
    let weight = 0;
    const latest = line.partnership;
    if (latest.rag === 'red') {
      reasons.push('significantly misses its target (red)');
      weight += 100;
    } else if (latest.rag === 'amber') {
      reasons.push('misses its target, not significantly (amber)');
      weight += 50;
    }
    if (latest.trend?.judgement === 'worse') {
      reasons.push('getting significantly worse');
      weight += 60;
    }
    const worse = line.worse?.length ?? 0;
    if (worse > 0 && line.lsoaCount > 0 && worse / line.lsoaCount >= 0.1) {
      reasons.push(`${worse} of ${line.lsoaCount} neighbourhoods significantly worse than the partnership`);
      weight += (40 * worse) / line.lsoaCount;
    }
    return { line, reasons, weight };
  });
  return items.filter((item) => item.reasons.length > 0).sort((a, b) => b.weight - a.weight);
}

/** Put the dashboard into `root`. */
export function mountDashboardPage(root: HTMLElement, api: ApiClient): void {
  setPageState('loading');
  document.title = 'Dashboard – Neighbourhood Observatory';
  root.replaceChildren(el('h1', 'page-title', 'Dashboard'), el('p', 'status', 'Loading the partnership’s figures…'));
  void load(api)
    .then(({ lines, multiAgency, failures }) => {
      render(root, lines, multiAgency, failures);
      setPageState('ready');
    })
    .catch((error: unknown) => {
      root.replaceChildren(el('h1', 'page-title', 'Dashboard'));
      showPageError(root, error);
    });
}

async function load(api: ApiClient): Promise<{ lines: DashboardLine[]; multiAgency: MultiAgencyView | Error; failures: string[] }> {
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
  const multiAgency = await api.multiAgency().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  return { lines: lines.filter((line): line is DashboardLine => line !== null), multiAgency, failures };
}

function figureText(figure: AreaFigure, decimals: number): string {
  if (figure.suppressed) return figure.suppressionReason ? `Withheld: ${figure.suppressionReason}` : 'Withheld';
  if (figure.value === null) return 'No data';
  return formatNumber(figure.value, decimals);
}

function mapLink(line: DashboardLine): string {
  const query = new URLSearchParams({ indicator: line.indicator.id, level: 'lsoa', period: line.indicator.latestPeriod ?? '', mode: 'partnership' });
  return `/?${query}`;
}

function render(root: HTMLElement, lines: readonly DashboardLine[], multiAgency: MultiAgencyView | Error, failures: readonly string[]): void {
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
  parts.push(multiAgencySection(multiAgency));
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

function themeSection(theme: string, lines: readonly DashboardLine[]): HTMLElement {
  const section = el('section', 'dashboard-theme');
  const id = `theme-${theme.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const heading = el('h2', null, theme);
  heading.id = id;
  section.setAttribute('aria-labelledby', id);
  const table = el('table', 'data-table dashboard-table stack-on-phone');
  const columns = ['Indicator', 'Latest', 'Direction of travel', 'Target (RAG)', 'Over time', 'Neighbourhoods significantly worse'];
  table.append(el('caption', null, `${theme}: latest figures for the partnership`));
  const head = el('thead');
  const headRow = el('tr');
  for (const [index, column] of columns.entries()) {
    const th = el('th', index === 1 ? 'numeric' : null, column);
    th.scope = 'col';
    headRow.append(th);
  }
  head.append(headRow);
  const body = el('tbody');
  for (const line of lines) {
    const decimals = decimalsFor([line.partnership.value, line.partnership.lower, line.partnership.upper]);
    const row = el('tr');
    row.dataset.indicator = line.indicator.id;
    const name = el('th');
    name.scope = 'row';
    name.append(link(`/indicators/${encodeURIComponent(line.indicator.id)}`, line.indicator.title), el('span', 'figure-note', line.indicator.unit));
    const latest = el('td', 'numeric');
    latest.append(el('span', line.partnership.suppressed ? 'withheld-label' : 'figure-value', figureText(line.partnership, decimals)));
    const interval =
      line.partnership.lower !== null && line.partnership.upper !== null
        ? `${formatNumber(line.partnership.lower, decimals)} to ${formatNumber(line.partnership.upper, decimals)}, `
        : '';
    latest.append(el('span', 'figure-note', `${interval}${line.periodLabel}`));
    const trend = el('td');
    trend.append(badge(trendJudgement(line.partnership.trend)));
    const rag = el('td');
    const ragText = ragJudgement(line.partnership.rag);
    if (ragText === null) rag.append(el('span', 'figure-note', 'No target set'));
    else {
      rag.append(badge(ragText));
      if (line.indicator.target) rag.append(el('span', 'figure-note', `Target ${formatNumber(line.indicator.target.value, 1)}${line.indicator.target.by ? ` by ${line.indicator.target.by}` : ''}`));
    }
    const spark = el('td', 'sparkline-cell');
    const points = line.series?.points ?? [];
    const withheld = points.filter((point) => point.suppressed).length;
    const first = points.find((point) => !point.suppressed && point.value !== null);
    const last = [...points].reverse().find((point) => !point.suppressed && point.value !== null);
    const words =
      first !== undefined && last !== undefined
        ? `${line.indicator.title} from ${formatNumber(first.value, decimals)} (${first.period.label}) to ${formatNumber(last.value, decimals)} (${last.period.label})${withheld > 0 ? `; ${withheld} ${withheld === 1 ? 'period' : 'periods'} withheld` : ''}`
        : 'One period only';
    const chart = sparkline(points, words);
    spark.append(chart ?? el('span', 'figure-note', words));
    const worse = el('td');
    if (line.worse === null) worse.append(el('span', 'figure-note', line.indicator.polarity === 'no-judgement' ? 'Not judged (no polarity)' : 'No LSOA figures'));
    else {
      worse.append(link(mapLink(line), `${line.worse.length} of ${line.lsoaCount}`));
      if (line.worse.length > 0) {
        const names = line.worse.slice(0, 3).map((figure) => figure.name);
        worse.append(el('span', 'figure-note', `worst: ${names.join(', ')}${line.worse.length > 3 ? '…' : ''}`));
      }
    }
    row.append(name, latest, trend, rag, spark, worse);
    [...row.cells].forEach((cell, index) => cell.setAttribute('data-label', columns[index] ?? ''));
    body.append(row);
  }
  table.append(head, body);
  const scroller = scrollingRegion('table-wrap', table.caption?.textContent ?? 'Table', table);
  section.append(heading, scroller);
  return section;
}

function multiAgencySection(view: MultiAgencyView | Error): HTMLElement {
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
  const head = el('thead');
  const headRow = el('tr');
  for (const column of ['Neighbourhood (LSOA)', 'Partners with high demand', 'Which', 'Composite score']) {
    const th = el('th', column === 'Composite score' || column === 'Partners with high demand' ? 'numeric' : null, column);
    th.scope = 'col';
    headRow.append(th);
  }
  head.append(headRow);
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
  section.append(scroller);
  return section;
}
