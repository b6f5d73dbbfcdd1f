/**
 * The board report (`/report`, `/report?period=YYYY-MM`): the six-monthly performance report to
 * the partnership's board, made to be printed or saved as PDF from the browser. A cover, the
 * headline indicators by theme, the priorities' RAG and the strategic risk register as at the
 * report's end, a page per theme with each indicator's map, trend and the areas
 * that stand out, the multi-agency view, how each locality stands against the partnership, and the
 * data notes. The print stylesheet (report.css)
 * starts each part on a new page and keeps each indicator's block together.
 */
import type { ApiClient, AreaFigure, MultiAgencyView } from '../../api/client.ts';
import { PARTNERSHIP_COLOUR } from '../../components/charts/chart-colours.ts';
import { scrollingRegion } from '../../components/charts/chart-figure.ts';
import { trendChart } from '../../components/charts/trend-chart.ts';
import { el, labelCells, link, tableHead } from '../../components/dom.ts';
import { partOrNotice, setPageState, showPageError } from '../../components/page-state.ts';
import { prioritiesSummary } from '../../components/priorities-summary.ts';
import { riskSummary } from '../../components/risk-summary.ts';
import { longDate } from '../../format/dates.ts';
import { trendJudgement } from '../../format/judgements.ts';
import { figureText, indicatorSummaryTable } from '../../components/indicator-summary.ts';
import { decimalsFor, formatNumber } from '../../format/numbers.ts';
import { classify } from '../../map/classify.ts';
import { colourOf, coloursForClasses } from '../../map/colour-scale.ts';
import { renderLegend, valueLegend, type LegendModel } from '../../map/legend.ts';
import { multiAgencyMap } from '../../map/multi-agency-map.ts';
import { staticChoropleth, type StaticPaint } from '../../map/static-choropleth.ts';
import { attentionItems, type DashboardLine } from '../../components/attention.ts';
import { boardAttention } from '../../components/board-attention.ts';
import { localityStandings, localityStandingTables, type LocalityFigures } from '../../components/locality-standing.ts';
import { groupByTheme } from '../map/controls.ts';
import { agreementsOf, changeInWords, loadReport, type ReportData, type ReportIndicator } from './report-data.ts';
import { isReportPeriodId, reportPeriod, reportPeriodChoices, type ReportPeriod } from './report-period.ts';
import './report.css';

const LEVEL_NAMES = { lsoa: 'neighbourhood (LSOA)', ward: 'ward', lad: 'local authority' } as const;
/** Put the board report for the period in `search` (the latest six months when it names none) into `root`. */
export function mountReportPage(root: HTMLElement, api: ApiClient, search: string): void {
  setPageState('loading');
  document.title = 'Board report – Neighbourhood Observatory';
  root.replaceChildren(el('h1', 'page-title', 'Board report'), el('p', 'status', 'Gathering the report’s figures…'));
  void build(api, search)
    .then((data) => {
      render(root, data.report, data.choices);
      setPageState('ready');
    })
    .catch((error: unknown) => {
      root.replaceChildren(el('h1', 'page-title', 'Board report'));
      showPageError(root, error);
    });
}

class ReportPeriodError extends Error {}

async function build(api: ApiClient, search: string): Promise<{ report: ReportData; choices: ReportPeriod[] }> {
  const catalogue = await api.indicators();
  const choices = reportPeriodChoices(catalogue.indicators);
  const requested = new URLSearchParams(search).get('period');
  if (requested !== null && !isReportPeriodId(requested)) {
    throw new ReportPeriodError(`“${requested}” is not a report period: give the report’s last month as YYYY-MM, e.g. ?period=${choices[0]?.id ?? '2019-03'}.`);
  }
  const period = requested !== null ? reportPeriod(requested) : choices[0];
  if (period === undefined) throw new ReportPeriodError('No indicator has a dated figure yet, so there is no period to report on.');
  // The reader's own date, YYYY-MM-DD ('en-CA' writes dates that way).
  const today = new Date().toLocaleDateString('en-CA');
  return { report: await loadReport(api, catalogue.indicators, period, today), choices };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function decimalsOf(entry: ReportIndicator): number {
  const figure = entry.partnership;
  return figure === null ? decimalsFor(entry.mapFigures.map((area) => area.value)) : decimalsFor([figure.value, figure.lower, figure.upper]);
}

function timingNote(entry: ReportIndicator): string {
  switch (entry.current.timing) {
    case 'in-period':
      return entry.current.period.label;
    case 'before-period':
      return `${entry.current.period.label} (no newer figure in this period)`;
    case 'reference':
      return `${entry.current.period.label} (reference statistic)`;
  }
}

function render(root: HTMLElement, data: ReportData, choices: readonly ReportPeriod[]): void {
  const themes = groupByTheme(data.indicators.map((entry) => ({ ...entry, theme: entry.indicator.theme })));
  const parts: HTMLElement[] = [cover(data, [...themes.keys()], choices)];
  if (data.failures.length > 0) {
    const alert = el('div', 'error');
    alert.setAttribute('role', 'alert');
    alert.append(el('p', null, 'Some parts of the report could not be loaded:'));
    const list = el('ul');
    for (const failure of data.failures) list.append(el('li', null, failure));
    alert.append(list);
    parts.push(alert);
  }
  parts.push(summary(data, themes));
  if (hasBoardViews(data)) parts.push(prioritiesAndRisksPage(data));
  for (const [theme, entries] of themes) parts.push(themePage(data, theme, entries));
  parts.push(multiAgencyPage(data));
  if (hasLocalityFigures(data)) parts.push(localitiesPage(data));
  parts.push(dataNotes(data));
  const report = el('div', 'board-report');
  report.append(...parts);
  root.replaceChildren(report);
}

function cover(data: ReportData, themes: readonly string[], choices: readonly ReportPeriod[]): HTMLElement {
  const section = el('section', 'report-cover');
  section.setAttribute('aria-labelledby', 'report-title');
  const title = el('h1', 'page-title', `Board report: ${data.partnershipName}`);
  title.id = 'report-title';
  const period = el('p', 'report-period', `Six months: ${data.period.label}`);
  const prepared = el(
    'p',
    'report-prepared',
    `Prepared on ${new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })} from the observatory’s published figures (after disclosure control). Compared with the previous report: ${data.previous.label}.`,
  );
  section.append(title, period, prepared, controls(data, choices), keyPoints(data));
  const contents = el('nav', 'report-contents');
  contents.setAttribute('aria-label', 'Contents of the report');
  contents.append(el('h2', null, 'Contents'));
  const list = el('ol');
  const entries: Array<[string, string]> = [
    ['report-summary', 'Summary: headline indicators'],
    ...(hasBoardViews(data) ? [['report-priorities', 'Priorities and risks'] as [string, string]] : []),
    ...themes.map((theme): [string, string] => [`report-theme-${slug(theme)}`, theme]),
    ['report-multi-agency', 'Multi-agency view'],
    ...(hasLocalityFigures(data) ? [['report-localities', 'Localities'] as [string, string]] : []),
    ['report-notes', 'Data notes'],
  ];
  for (const [id, text] of entries) {
    const item = el('li');
    item.append(link(`#${id}`, text));
    list.append(item);
  }
  contents.append(list);
  section.append(contents);
  return section;
}

/** What needs attention: as the dashboard judges the indicators (targets missed, trends getting worse, many areas significantly worse), then the red priorities and the risks scored red or risen. */
function keyPoints(data: ReportData): HTMLElement {
  const box = el('section', 'report-key-points');
  box.setAttribute('aria-labelledby', 'report-key-points-heading');
  const heading = el('h2', null, 'What needs attention');
  heading.id = 'report-key-points-heading';
  box.append(heading);
  const lines: DashboardLine[] = data.indicators.flatMap((entry) =>
    entry.partnership === null
      ? []
      : [{ indicator: entry.indicator, figure: entry.partnership, benchmark: entry.partnership, periodLabel: entry.current.period.label, series: null, worse: entry.worse, lsoaCount: entry.mapFigures.length }],
  );
  const items = attentionItems(lines);
  if (items.length === 0) box.append(el('p', null, 'No indicator misses its target, is getting significantly worse, or has one area in ten significantly worse than the partnership.'));
  else {
    const list = el('ol');
    for (const { line, reasons } of items) list.append(el('li', null, `${line.indicator.title}: ${reasons.join('; ')}.`));
    box.append(list);
  }
  // The board's own views, as at the report's date: red priorities, and risks scored red or risen.
  const board = boardAttention(loadedOrNull(data.priorities), loadedOrNull(data.risks));
  if (board.length > 0) box.append(el('ul', 'report-board-attention', ...board.map((line) => el('li', null, line, ' ', link('#report-priorities', 'See Priorities and risks')))));
  return box;
}

/** A board view that loaded, or null (refused or failed: the Priorities and risks part says which). */
function loadedOrNull<T>(view: T | Error | null): T | null {
  return view instanceof Error ? null : view;
}

/** The period chooser and the print button: shown on screen, not printed. */
function controls(data: ReportData, choices: readonly ReportPeriod[]): HTMLElement {
  const box = el('div', 'report-controls');
  const form = el('form', 'report-period-form');
  form.method = 'get';
  form.action = '/report';
  const label = el('label', null, 'Report period');
  label.htmlFor = 'report-period';
  const select = el('select');
  select.id = 'report-period';
  select.name = 'period';
  const listed = choices.some((choice) => choice.id === data.period.id) ? choices : [data.period, ...choices];
  for (const choice of listed) {
    const option = el('option', null, choice.label);
    option.value = choice.id;
    option.selected = choice.id === data.period.id;
    select.append(option);
  }
  const show = el('button', 'button', 'Show this period');
  show.type = 'submit';
  form.append(label, select, show);
  const print = el('button', 'button report-print-button', 'Save as PDF or print');
  print.type = 'button';
  print.id = 'report-print';
  print.addEventListener('click', () => window.print());
  const hint = el('p', 'figure-note', 'Choose “Save as PDF” as the printer to keep a copy of the report.');
  box.append(form, print, hint);
  return box;
}

function summary(data: ReportData, themes: Map<string, ReportIndicator[]>): HTMLElement {
  const section = el('section', 'report-section report-summary');
  section.id = 'report-summary';
  section.setAttribute('aria-labelledby', 'report-summary-heading');
  const heading = el('h2', null, 'Summary: headline indicators');
  heading.id = 'report-summary-heading';
  section.append(
    heading,
    el(
      'p',
      'description',
      `Each indicator’s latest figure for the partnership by the end of ${data.period.label.split(' to ')[1] ?? data.period.label}, with its direction of travel (a significant trend over its recent periods), how it stands against its target where one is set, its course over time, and what changed since the previous report.`,
    ),
  );
  for (const [theme, entries] of themes) {
    const withPartnership = entries.filter((entry): entry is ReportIndicator & { partnership: AreaFigure } => entry.partnership !== null);
    if (withPartnership.length === 0) continue;
    section.append(
      indicatorSummaryTable({
        caption: theme,
        regionLabel: `${theme}: headline indicators`,
        className: 'report-table',
        lastColumn: 'Since the last report',
        rows: withPartnership.map((entry) => {
          const decimals = decimalsOf(entry);
          return {
            indicator: entry.indicator,
            figure: entry.partnership,
            decimals,
            name: el('span', 'report-indicator-name', entry.indicator.title),
            periodNote: timingNote(entry),
            series: entry.series,
            last: changeInWords(entry, decimals, formatNumber) ?? 'No newer figure than the last report’s.',
          };
        }),
      }),
    );
  }
  return section;
}

function themePage(data: ReportData, theme: string, entries: readonly ReportIndicator[]): HTMLElement {
  const section = el('section', 'report-section report-theme');
  const id = `report-theme-${slug(theme)}`;
  section.id = id;
  const heading = el('h2', null, theme);
  heading.id = `${id}-heading`;
  section.setAttribute('aria-labelledby', heading.id);
  section.append(heading);
  for (const entry of entries) section.append(indicatorBlock(data, entry));
  return section;
}

function valueMapPaint(entry: ReportIndicator): { paint: Map<string, StaticPaint>; legend: LegendModel } {
  const values = entry.mapFigures.filter((figure) => !figure.suppressed).map((figure) => figure.value);
  const classification = classify(values, 'quantile', 5);
  const colours = coloursForClasses(Math.max(1, classification.classes.length), entry.indicator.polarity).slice(0, classification.classes.length);
  const paint = new Map<string, StaticPaint>();
  let withheld = 0;
  let noData = 0;
  for (const figure of entry.mapFigures) {
    if (figure.suppressed) withheld += 1;
    else if (figure.value === null) noData += 1;
    paint.set(figure.area, { colour: colourOf(figure, classification.breaks, colours), suppressed: figure.suppressed });
  }
  const legend = valueLegend({
    classification,
    colours,
    decimals: decimalsFor(values),
    unit: entry.indicator.unit,
    polarity: entry.indicator.polarity,
    withheldCount: withheld,
    noDataCount: noData,
  });
  return { paint, legend: { ...legend, title: 'Fifths of the areas (quantiles)' } };
}

/** A legend as the map page draws it, with its heading at `level` so the report's outline stays in order. */
function legendBox(model: LegendModel, level: 'h4' | 'h3'): HTMLElement {
  const box = el('div', 'map-legend report-legend');
  renderLegend(box, model);
  const drawn = box.querySelector('h2');
  if (drawn !== null) drawn.replaceWith(el(level, 'legend-title', drawn.textContent ?? ''));
  return box;
}

function indicatorBlock(data: ReportData, entry: ReportIndicator): HTMLElement {
  const article = el('article', 'report-indicator');
  article.dataset.indicator = entry.indicator.id;
  const headingId = `report-indicator-${entry.indicator.id}`;
  const heading = el('h3', null, entry.indicator.title);
  heading.id = headingId;
  article.setAttribute('aria-labelledby', headingId);
  const decimals = decimalsOf(entry);
  const figure = entry.partnership;
  const lead = figure === null ? `${entry.indicator.unit}; ${timingNote(entry)}.` : `${data.partnershipName}: ${figureText(figure, decimals)} ${entry.indicator.unit}, ${timingNote(entry)}.`;
  article.append(heading, el('p', 'report-lead', lead), el('p', 'description', entry.indicator.shortDescription));

  const body = el('div', 'report-indicator-body');
  const geography = data.geographies.get(entry.mapLevel);
  if (geography !== undefined) {
    const { paint, legend } = valueMapPaint(entry);
    const mapFigure = el('figure', 'report-map');
    const caption = el('figcaption', null, `${entry.indicator.title} by ${LEVEL_NAMES[entry.mapLevel]}, ${entry.current.period.label}`);
    const words = `Map of ${entry.indicator.title} by ${LEVEL_NAMES[entry.mapLevel]} for ${entry.current.period.label}, coloured in fifths of the areas from ${legend.entries[0]?.label ?? 'the lowest'} to ${legend.entries.at(-1)?.label ?? 'the highest'} ${entry.indicator.unit}; ${legend.withheldCount} withheld. District boundaries drawn over.`;
    const svg = staticChoropleth({
      areas: geography,
      outlines: entry.mapLevel === 'lad' ? null : (data.geographies.get('lad') ?? null),
      paint,
      label: words,
      hatchId: `hatch-${entry.indicator.id}`,
      width: 420,
      height: 360,
    });
    mapFigure.append(caption, svg, legendBox(legend, 'h4'));
    body.append(mapFigure);
  }
  const side = el('div', 'report-indicator-side');
  if (entry.series.filter((point) => !point.suppressed && point.value !== null).length >= 2) {
    side.append(
      trendChart({
        title: `${entry.indicator.title} over time: ${data.partnershipName}`,
        unit: entry.indicator.unit,
        decimals,
        series: [{ name: data.partnershipName, colour: PARTNERSHIP_COLOUR, dashed: false, points: entry.series }],
        source: entry.indicator.sources.map((source) => source.partnerName ?? source.partner).join(', ') || null,
        direction: figure === null ? null : trendJudgement(figure.trend).text,
        width: 420,
        height: 220,
      }),
    );
  }
  side.append(standOut(data, entry, decimals));
  body.append(side);
  article.append(body);
  return article;
}

function standOut(data: ReportData, entry: ReportIndicator, decimals: number): HTMLElement {
  const box = el('div', 'report-stand-out');
  box.append(el('h4', null, 'Areas that stand out'));
  const level = LEVEL_NAMES[entry.mapLevel];
  if (entry.worse === null) {
    box.append(
      el('p', 'figure-note', entry.indicator.polarity === 'no-judgement' ? 'Not judged: neither higher nor lower is better for this indicator.' : 'Not compared: there is no partnership figure.'),
    );
    return box;
  }
  if (entry.worse.length === 0) {
    box.append(el('p', null, `No ${level} is significantly worse than ${data.partnershipName}.`));
    return box;
  }
  box.append(el('p', null, `${entry.worse.length} of ${entry.mapFigures.length} areas (${level}) are significantly worse than ${data.partnershipName} (their 95% confidence interval lies wholly on the worse side). The worst:`));
  const list = el('ol', 'report-worse-list');
  for (const area of entry.worse.slice(0, 8)) {
    const item = el('li');
    const interval = area.lower !== null && area.upper !== null ? ` (${formatNumber(area.lower, decimals)} to ${formatNumber(area.upper, decimals)})` : '';
    item.append(link(`/areas/${encodeURIComponent(area.area)}`, area.name), `: ${figureText(area, decimals)}${interval}`);
    list.append(item);
  }
  box.append(list);
  if (entry.worse.length > 8) box.append(el('p', 'figure-note', `and ${entry.worse.length - 8} more.`));
  return box;
}

function multiAgencyPage(data: ReportData): HTMLElement {
  const section = el('section', 'report-section report-multi-agency');
  section.id = 'report-multi-agency';
  const view: MultiAgencyView | Error = data.multiAgency;
  const heading = el('h2', null, 'Multi-agency view');
  heading.id = 'report-multi-agency-heading';
  section.setAttribute('aria-labelledby', heading.id);
  section.append(heading);
  if (view instanceof Error) {
    section.append(el('p', 'notice', `The multi-agency view could not be loaded: ${view.message}`));
    return section;
  }
  section.append(el('p', 'report-lead', `${view.title}, ${view.period.label}.`), el('p', 'description', `How it is worked out: ${view.method}`));
  const titles = new Map(view.inputs.map((input) => [input.id, input.title]));
  const inputCount = view.inputs.length;
  const body = el('div', 'report-indicator-body');
  const geography = data.geographies.get('lsoa');
  if (geography !== undefined) body.append(multiAgencyMap({ view, lsoas: geography, districts: data.geographies.get('lad') ?? null, legendHeading: 'h3' }));
  const ranked = view.areas.filter((area) => area.highDemandCount >= 2);
  const side = el('div', 'report-indicator-side');
  if (ranked.length === 0) side.append(el('p', null, 'No neighbourhood has significantly high demand for two or more partners.'));
  else {
    const table = el('table', 'data-table report-table');
    table.append(el('caption', null, `The ${Math.min(15, ranked.length)} neighbourhoods ranked first of ${ranked.length} where two or more partners see significantly high demand`));
    const head = tableHead(['Neighbourhood', 'Partners', 'Which'], (column) => (column === 'Partners' ? 'numeric' : null));
    const tbody = el('tbody');
    for (const area of ranked.slice(0, 15)) {
      const row = el('tr');
      const name = el('th');
      name.scope = 'row';
      name.append(link(`/areas/${encodeURIComponent(area.area)}`, area.name));
      row.append(name, el('td', 'numeric', `${area.highDemandCount} of ${inputCount}`), el('td', null, area.highDemand.map((id) => titles.get(id) ?? id).join('; ')));
      tbody.append(row);
    }
    table.append(head, tbody);
    side.append(scrollingRegion('table-wrap', 'Neighbourhoods ranked by partners with high demand', table));
  }
  body.append(side);
  section.append(body);
  return section;
}

/** A part of the report (`#report-{name}`), headed and labelled by its heading. */
function reportSection(name: string, heading: string, ...children: Node[]): HTMLElement {
  return el(
    'section',
    { class: `report-section report-${name}`, id: `report-${name}`, 'aria-labelledby': `report-${name}-heading` },
    el('h2', { id: `report-${name}-heading` }, heading),
    ...children,
  );
}

function hasBoardViews(data: ReportData): boolean {
  return data.priorities !== null || data.risks !== null;
}

/** The priorities' RAG and the risk register, as at the day after the report's months: what the board reviews beside the figures. */
function prioritiesAndRisksPage(data: ReportData): HTMLElement {
  const asAt = loadedOrNull(data.priorities)?.asAt ?? loadedOrNull(data.risks)?.asAt ?? null;
  const section = reportSection(
    'priorities',
    'Priorities and risks',
    el(
      'p',
      'description',
      asAt === null
        ? 'The partnership’s priorities and its strategic risk register.'
        : `As at ${longDate(asAt)}: each measure of success judged on the figures published for periods up to then, and each risk as its latest review by then scored it.`,
    ),
  );
  if (data.priorities !== null) {
    section.append(
      el('h3', null, 'Priorities'),
      ...partOrNotice(data.priorities, 'The priorities', (priorities) => [
        el('p', 'figure-note', 'A priority’s status is its worst measure’s. Green: on track to its target; amber: off track, but significantly improving since the baseline; red: off track and not improving.'),
        prioritiesSummary(priorities, { idPrefix: 'report-priorities', caption: 'The partnership’s priorities and themes' }),
      ]),
    );
  }
  if (data.risks !== null) {
    section.append(
      el('h3', null, 'Strategic risks'),
      ...partOrNotice(data.risks, 'The risk register', (risks) => [
        el('p', 'figure-note', 'Highest first. Scores are likelihood × impact on the partnership’s five-point scales, banded red, amber and green.'),
        riskSummary(risks, { idPrefix: 'report-risks', caption: 'The strategic risk register', partnershipName: data.partnershipName }),
      ]),
    );
  }
  return section;
}

function hasLocalityFigures(data: ReportData): boolean {
  return data.localities.features.length > 0 && data.indicators.some((entry) => entry.localityFigures !== null);
}

/** How each locality stands against the partnership at the report's periods: one table per kind, each locality linking to its dashboard. */
function localitiesPage(data: ReportData): HTMLElement {
  const figures: LocalityFigures[] = data.indicators.flatMap((entry) =>
    entry.localityFigures === null ? [] : [{ indicator: entry.indicator, periodLabel: entry.current.period.label, figures: entry.localityFigures }],
  );
  const standings = localityStandings(data.localities, figures);
  return reportSection(
    'localities',
    'Localities',
    el(
      'p',
      'description',
      `The partnership’s localities (named groups of neighbourhoods, such as policing teams and care networks, that overlap one another) against the partnership as a whole, on each indicator’s figure in this report (${figures.length} indicators with locality figures). A locality is significantly worse when its whole 95% confidence interval lies on the bad side of the partnership’s value; withheld figures are not judged.`,
    ),
    ...localityStandingTables({ standings, headingLevel: 'h3', hrefOf: (code) => `/dashboard?area=${encodeURIComponent(code)}`, idPrefix: 'report-localities' }),
  );
}

function dataNotes(data: ReportData): HTMLElement {
  const section = el('section', 'report-section report-notes');
  section.id = 'report-notes';
  const heading = el('h2', null, 'Data notes');
  heading.id = 'report-notes-heading';
  section.setAttribute('aria-labelledby', heading.id);
  section.append(heading);

  section.append(el('h3', null, 'Sources and agreements'));
  const table = el('table', 'data-table report-table report-sources stack-on-phone');
  const columns = ['Indicator', 'Period shown', 'Source', 'Data-sharing agreements'];
  table.append(el('caption', null, 'Where each indicator’s figures come from'));
  const head = tableHead(columns);
  const body = el('tbody');
  for (const entry of data.indicators) {
    const row = el('tr');
    const name = el('th', null, entry.indicator.title);
    name.scope = 'row';
    const sources = entry.indicator.sources.map((source) => `${source.partnerName ?? source.partner}: ${source.datasetTitle ?? source.dataset}`).join('; ');
    const agreements = [...agreementsOf(entry.lineage)];
    const agreementText = entry.lineage?.reference ? `Published statistic: ${entry.lineage.reference}` : agreements.length > 0 ? agreements.join('; ') : 'Not recorded for this figure';
    row.append(name, el('td', null, timingNote(entry)), el('td', null, sources || 'Not recorded'), el('td', null, agreementText));
    labelCells(row, columns);
    body.append(row);
  }
  table.append(head, body);
  section.append(scrollingRegion('table-wrap', 'Sources and agreements', table));

  section.append(el('h3', null, 'Figures withheld to protect people'));
  section.append(
    el(
      'p',
      null,
      'Before anything is published, small counts that could identify people are withheld, and so are other figures from which a withheld one could be worked out (for example by subtracting neighbouring areas from a ward or district total). Withheld figures are shown as “Withheld” with the reason and hatched on the maps; they are never shown as zero or left as gaps.',
    ),
  );
  const withheldLines = data.indicators
    .map((entry) => ({ entry, withheld: entry.mapFigures.filter((figure) => figure.suppressed) }))
    .filter(({ withheld }) => withheld.length > 0);
  if (withheldLines.length === 0) section.append(el('p', null, 'No figure in this report was withheld.'));
  else {
    const list = el('ul', 'report-withheld');
    for (const { entry, withheld } of withheldLines) {
      const reasons = new Map<string, number>();
      for (const figure of withheld) reasons.set(figure.suppressionReason ?? 'no reason given', (reasons.get(figure.suppressionReason ?? 'no reason given') ?? 0) + 1);
      const why = [...reasons].map(([reason, count]) => `${count} ${reason}`).join('; ');
      list.append(el('li', null, `${entry.indicator.title}: ${withheld.length} of ${entry.mapFigures.length} areas (${LEVEL_NAMES[entry.mapLevel]}) withheld (${why}).`));
    }
    section.append(list);
  }

  section.append(el('h3', null, `What changed since the last report (${data.previous.label})`));
  const changes = el('ul', 'report-changes');
  for (const entry of data.indicators) {
    const words = changeInWords(entry, decimalsOf(entry), formatNumber);
    if (words !== null) changes.append(el('li', null, `${entry.indicator.title}: ${words}`));
    if (entry.previous === null && entry.current.timing !== 'reference') changes.append(el('li', null, `${entry.indicator.title}: new in this report (no figure by the last report’s end).`));
    const before = agreementsOf(entry.previousLineage);
    const now = agreementsOf(entry.lineage);
    const added = [...now].filter((agreement) => before.size > 0 && !before.has(agreement));
    if (added.length > 0) changes.append(el('li', null, `${entry.indicator.title}: now shared under ${added.join('; ')} (the last report’s figure: ${[...before].join('; ')}).`));
  }
  for (const indicator of data.notYet) changes.append(el('li', null, `${indicator.title}: no figure by the end of this period, so not in this report.`));
  if (changes.childElementCount === 0) changes.append(el('li', null, 'No indicator has a newer figure than the last report’s.'));
  section.append(changes);
  return section;
}
