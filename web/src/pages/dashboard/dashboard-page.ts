/**
 * The dashboard (`/dashboard`): the partnership at a glance for its board.
 * What needs attention first (RAG red or amber, trends getting worse, the
 * indicators with most neighbourhoods significantly worse than the
 * partnership), then every indicator by theme with its latest value, direction
 * of travel, RAG, sparkline and the count of LSOAs significantly worse than the
 * partnership (linking to the map in that mode), the priorities' RAG and the
 * strategic risk register (for the roles that may read them), how each locality
 * stands against the partnership, then the multi-agency view.
 *
 * `/dashboard?area=<locality>` is the same for one locality (an area board's
 * view): its own figures, each against the partnership's, its neighbourhoods
 * significantly worse than the partnership, and the multi-agency view within it.
 */
import { asError, unlessRefused, type ApiClient, type AreaCollection, type MultiAgencyView, type PriorityList, type RiskList } from '../../api/client.ts';
import { scrollingRegion } from '../../components/charts/chart-figure.ts';
import { el, link, tableHead } from '../../components/dom.ts';
import { messageOf, partOrNotice, setPageState, showPageError } from '../../components/page-state.ts';
import { attentionItems, worseThanPartnership, type DashboardLine } from '../../components/attention.ts';
import { indicatorSummaryTable } from '../../components/indicator-summary.ts';
import { decimalsFor, formatNumber } from '../../format/numbers.ts';
import { multiAgencyMap } from '../../map/multi-agency-map.ts';
import { localityStandings, localityStandingTables, type LocalityFigures } from '../../components/locality-standing.ts';
import { prioritiesSummary } from '../../components/priorities-summary.ts';
import { riskSummary } from '../../components/risk-summary.ts';
import { longDate } from '../../format/dates.ts';
import { comparisonJudgement, badge } from '../../format/judgements.ts';
import { featuresOfKind, kindPhrase, localityKindsOf } from '../../format/locality-kinds.ts';
import { groupByTheme } from '../map/controls.ts';

/** Put the dashboard into `root`: the partnership's, or a locality's when `search` names one (`?area=npt-leyland`). */
export function mountDashboardPage(root: HTMLElement, api: ApiClient, search: string): void {
  setPageState('loading');
  document.title = 'Dashboard – Neighbourhood Observatory';
  root.replaceChildren(el('h1', 'page-title', 'Dashboard'), el('p', 'status', 'Loading the partnership’s figures…'));
  const areaCode = new URLSearchParams(search).get('area');
  void load(api, areaCode === '' ? null : areaCode)
    .then((dashboard) => {
      render(root, dashboard);
      setPageState('ready');
    })
    .catch((error: unknown) => {
      root.replaceChildren(el('h1', 'page-title', 'Dashboard'));
      showPageError(root, error);
    });
}

/** The LSOA and district boundaries the multi-agency map is drawn on, or the error that kept them away. */
type Boundaries = { lsoas: AreaCollection; districts: AreaCollection } | Error;

/** The locality a dashboard is for: its feature in the locality geography. */
type Locality = AreaCollection['features'][number];

interface Dashboard {
  /** The locality the dashboard is for; null for the partnership's own. */
  locality: Locality | null;
  /** Every locality of the partnership (none when it defines none), for the chooser and the standings. */
  localities: AreaCollection;
  lines: DashboardLine[];
  /** Every indicator's locality figures at its latest period, for the localities' standings. */
  localityFigures: LocalityFigures[];
  multiAgency: MultiAgencyView | Error;
  boundaries: Boundaries;
  /** The partnership's priorities and its risk register (the partnership's dashboard only); null where the role may not read them. */
  priorities: PriorityList | Error | null;
  risks: RiskList | Error | null;
  failures: string[];
}

/** A locality named in the address that the partnership does not have: a 404 in words, with the way back. */
class UnknownLocalityError extends Error {}

async function load(api: ApiClient, areaCode: string | null): Promise<Dashboard> {
  const [catalogue, localities] = await Promise.all([api.indicators(), api.geography('locality')]);
  const locality = areaCode === null ? null : (localities.features.find((feature) => feature.properties.code === areaCode) ?? null);
  if (areaCode !== null && locality === null) {
    throw new UnknownLocalityError(`“${areaCode}” is not one of the partnership’s localities, so there is no dashboard for it. Open the partnership’s dashboard (/dashboard) to choose one.`);
  }
  const members = new Set(locality?.properties.lsoas ?? []);
  const failures: string[] = [];
  const localityFigures: LocalityFigures[] = [];
  const shown = catalogue.indicators.filter(
    (indicator) => indicator.latestPeriod !== null && indicator.levels.includes('partnership') && (locality === null || indicator.levels.includes('locality')),
  );
  const lines = await Promise.all(
    shown.map(async (indicator): Promise<DashboardLine | null> => {
      const period = indicator.latestPeriod as string;
      try {
        const withLocalities = indicator.levels.includes('locality') && localities.features.length > 0;
        const [partnershipValues, localityValues, lsoas] = await Promise.all([
          api.values(indicator.id, 'partnership', period),
          withLocalities ? api.values(indicator.id, 'locality', period) : Promise.resolve(null),
          indicator.levels.includes('lsoa') ? api.values(indicator.id, 'lsoa', period) : Promise.resolve(null),
        ]);
        const partnership = partnershipValues.values[0];
        if (partnership === undefined) return null;
        if (localityValues !== null) localityFigures.push({ indicator, periodLabel: localityValues.period.label, figures: localityValues.values });
        const figure = locality === null ? partnership : localityValues?.values.find((candidate) => candidate.area === locality.properties.code);
        if (figure === undefined) return null;
        // A locality's neighbourhoods are judged against the partnership too, as on the partnership's dashboard.
        const neighbourhoods = lsoas === null ? null : locality === null ? lsoas.values : lsoas.values.filter((candidate) => members.has(candidate.area));
        const series = indicator.periods.length > 1 ? await api.series(indicator.id, figure.area) : null;
        return {
          indicator,
          figure,
          benchmark: partnership,
          periodLabel: partnershipValues.period.label,
          series,
          worse: neighbourhoods === null ? null : worseThanPartnership(indicator, neighbourhoods, partnership),
          lsoaCount: neighbourhoods?.length ?? 0,
        };
      } catch (error) {
        failures.push(`${indicator.title}: ${messageOf(error)}`);
        console.error(error);
        return null;
      }
    }),
  );
  const [multiAgency, boundaries, priorities, risks] = await Promise.all([
    api.multiAgency().catch(asError),
    Promise.all([api.geography('lsoa'), api.geography('lad')]).then(([lsoas, districts]) => ({ lsoas, districts }), asError),
    locality === null ? api.priorities().catch(unlessRefused) : Promise.resolve(null),
    locality === null ? api.risks().catch(unlessRefused) : Promise.resolve(null),
  ]);
  return {
    locality,
    localities,
    lines: lines.filter((line): line is DashboardLine => line !== null),
    localityFigures,
    multiAgency: locality === null || multiAgency instanceof Error ? multiAgency : { ...multiAgency, areas: multiAgency.areas.filter((area) => members.has(area.area)) },
    boundaries: locality === null || boundaries instanceof Error ? boundaries : { ...boundaries, lsoas: { ...boundaries.lsoas, features: boundaries.lsoas.features.filter((feature) => members.has(feature.properties.code)) } },
    priorities,
    risks,
    failures,
  };
}

function mapLink(line: DashboardLine): string {
  const query = new URLSearchParams({ indicator: line.indicator.id, level: 'lsoa', period: line.indicator.latestPeriod ?? '', mode: 'partnership' });
  return `/?${query}`;
}

/** "Leyland (neighbourhood policing team)": a locality's name with its kind. */
function localityTitle(locality: Locality): string {
  const kind = locality.properties.kind;
  return kind === undefined ? locality.properties.name : `${locality.properties.name} (${kindPhrase(kind.name)})`;
}

function render(root: HTMLElement, dashboard: Dashboard): void {
  const { lines, locality, failures } = dashboard;
  const partnershipName = lines[0]?.benchmark.name ?? 'The partnership';
  const heading = el('h1', 'page-title', `Dashboard: ${locality === null ? partnershipName : localityTitle(locality)}`);
  const intro = el(
    'p',
    'description',
    locality === null
      ? 'Each indicator’s latest period for the partnership as a whole. Significance throughout is at 95%: an area is significantly worse when its whole confidence interval lies on the bad side of the partnership’s value.'
      : `Each indicator’s latest period for ${locality.properties.name}, a group of ${locality.properties.lsoas?.length ?? 0} neighbourhoods (LSOAs), compared with ${partnershipName} as a whole. Significance throughout is at 95%: an area is significantly worse when its whole confidence interval lies on the bad side of the partnership’s value.`,
  );
  const parts: HTMLElement[] = [heading, intro];
  if (dashboard.localities.features.length > 0) parts.push(areaChooser(dashboard.localities, locality));
  if (locality !== null) parts.push(el('p', null, link(`/areas/${encodeURIComponent(locality.properties.code)}`, `${locality.properties.name}’s profile: every indicator, its trend and its neighbourhoods`)));
  if (failures.length > 0) {
    const alert = el('div', 'error');
    alert.setAttribute('role', 'alert');
    alert.append(el('p', null, 'Some indicators could not be loaded:'));
    const list = el('ul');
    for (const failure of failures) list.append(el('li', null, failure));
    alert.append(list);
    parts.push(alert);
  }
  parts.push(attentionSection(lines, locality));
  if (dashboard.priorities !== null) parts.push(prioritiesSection(dashboard.priorities));
  if (dashboard.risks !== null) parts.push(risksSection(dashboard.risks, partnershipName));
  for (const [theme, members] of groupByTheme(lines.map((line) => ({ ...line, theme: line.indicator.theme })))) {
    parts.push(themeSection(theme, members, locality));
  }
  if (locality === null && dashboard.localityFigures.length > 0) parts.push(localitiesSection(dashboard));
  parts.push(multiAgencySection(dashboard.multiAgency, dashboard.boundaries, locality));
  root.replaceChildren(...parts);
}

/** The chooser of whose dashboard to show: the partnership's or one locality's, grouped by kind. A plain GET form, so the address names the view. */
function areaChooser(localities: AreaCollection, current: Locality | null): HTMLElement {
  const select = el('select', { id: 'dashboard-area', name: 'area' });
  const whole = el('option', null, 'The whole partnership');
  whole.value = '';
  whole.selected = current === null;
  select.append(whole);
  for (const kind of localityKindsOf(localities)) {
    const group = el('optgroup');
    group.label = kind.name;
    for (const feature of featuresOfKind(localities, kind.id).features) {
      const option = el('option', null, feature.properties.name);
      option.value = feature.properties.code;
      option.selected = feature.properties.code === current?.properties.code;
      group.append(option);
    }
    select.append(group);
  }
  const show = el('button', { class: 'button', type: 'submit' }, 'Show');
  const form = el('form', { class: 'dashboard-area-form', method: 'get', action: '/dashboard' }, el('label', { for: 'dashboard-area' }, 'Dashboard for'), select, show);
  return form;
}

/** The priorities' RAG at a glance, linking to each on /priorities. */
function prioritiesSection(list: PriorityList | Error): HTMLElement {
  return el(
    'section',
    { class: 'dashboard-priorities', 'aria-labelledby': 'priorities-heading' },
    el('h2', { id: 'priorities-heading' }, 'Priorities'),
    ...partOrNotice(list, 'The priorities', (priorities) => [
      el('p', 'description', 'Each priority and theme of the partnership’s strategy with its status: its worst measure of success’s. Green: on track to its target; amber: off track, but significantly improving since the baseline; red: off track and not improving.'),
      prioritiesSummary(priorities, { idPrefix: 'dashboard-priorities', caption: `The partnership’s priorities and themes, as at ${longDate(priorities.asAt)}` }),
      el('p', null, link('/priorities', 'Every measure of success: baseline, latest figure, target, progress and its history at each review')),
    ]),
  );
}

/** The strategic risk register at a glance: scores, their movement at the latest review, what the linked indicators did. */
function risksSection(list: RiskList | Error, partnershipName: string): HTMLElement {
  return el(
    'section',
    { class: 'dashboard-risks', 'aria-labelledby': 'risks-heading' },
    el('h2', { id: 'risks-heading' }, 'Strategic risks'),
    ...partOrNotice(list, 'The risk register', (risks) => [
      el('p', 'description', 'The partnership’s strategic risks, highest first. Scores are likelihood × impact on the partnership’s five-point scales, banded red, amber and green.'),
      riskSummary(risks, { idPrefix: 'dashboard-risks', caption: `The strategic risk register, as at ${longDate(risks.asAt)}`, partnershipName }),
      el('p', null, link('/risks', 'The full register: inherent, target and current scores, every review, and what the linked indicators did')),
    ]),
  );
}

/** How every locality stands against the partnership, one table per kind, each locality linking to its own dashboard. */
function localitiesSection(dashboard: Dashboard): HTMLElement {
  const standings = localityStandings(dashboard.localities, dashboard.localityFigures);
  return el(
    'section',
    { class: 'dashboard-localities', 'aria-labelledby': 'localities-heading' },
    el('h2', { id: 'localities-heading' }, 'Localities'),
    el(
      'p',
      'description',
      'The partnership’s localities (named groups of neighbourhoods, such as policing teams and care networks, that overlap one another) against the partnership as a whole, at each indicator’s latest period. Open a locality for its own dashboard.',
    ),
    ...localityStandingTables({ standings, headingLevel: 'h3', hrefOf: (code) => `/dashboard?area=${encodeURIComponent(code)}`, idPrefix: 'dashboard-localities' }),
  );
}

function attentionSection(lines: readonly DashboardLine[], locality: Locality | null): HTMLElement {
  const section = el('section', 'attention');
  section.setAttribute('aria-labelledby', 'attention-heading');
  const heading = el('h2', null, 'What needs attention');
  heading.id = 'attention-heading';
  section.append(heading);
  const items = attentionItems(lines);
  if (items.length === 0) {
    const worseThanPartnership = locality === null ? '' : ' is significantly worse than the partnership,';
    section.append(el('p', null, `No indicator misses its target,${worseThanPartnership} is getting significantly worse, or has one neighbourhood in ten significantly worse than the partnership.`));
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

function themeSection(theme: string, lines: readonly DashboardLine[], locality: Locality | null): HTMLElement {
  const id = `theme-${theme.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const caption = `${theme}: latest figures for ${locality === null ? 'the partnership' : locality.properties.name}`;
  const table = indicatorSummaryTable({
    caption,
    regionLabel: caption,
    className: 'dashboard-table',
    lastColumn: locality === null ? 'Neighbourhoods significantly worse' : 'Against the partnership; its neighbourhoods significantly worse',
    rows: lines.map((line) => ({
      indicator: line.indicator,
      figure: line.figure,
      decimals: decimalsFor([line.figure.value, line.figure.lower, line.figure.upper]),
      name: link(`/indicators/${encodeURIComponent(line.indicator.id)}`, line.indicator.title),
      periodNote: line.periodLabel,
      series: line.series?.points ?? [],
      last: locality === null ? worseCell(line) : againstPartnershipCell(line),
    })),
  });
  return el('section', { class: 'dashboard-theme', 'aria-labelledby': id }, el('h2', { id }, theme), table);
}

/** A locality's figure against the partnership's (a badge in words), then its neighbourhoods significantly worse. */
function againstPartnershipCell(line: DashboardLine): Node {
  const cell = document.createDocumentFragment();
  const comparison = line.figure.suppressed ? null : line.figure.comparison;
  cell.append(badge(comparisonJudgement(comparison, 'the partnership')), worseCell(line));
  return cell;
}

function multiAgencySection(view: MultiAgencyView | Error, boundaries: Boundaries, locality: Locality | null): HTMLElement {
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
    section.append(el('p', null, `No neighbourhood${locality === null ? '' : ` of ${locality.properties.name}`} has significantly high demand for two or more partners.`));
    return section;
  }
  const table = el('table', 'data-table');
  table.id = 'multi-agency-table';
  const where = locality === null ? '' : ` in ${locality.properties.name}`;
  table.append(el('caption', null, `${ranked.length} neighbourhoods${where} where two or more partners see significantly high demand, most first`));
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
  // A locality's map is drawn on its own LSOAs only, without the district outlines, so that it fills the frame.
  else layout.append(multiAgencyMap({ view, lsoas: boundaries.lsoas, districts: locality === null ? boundaries.districts : null, legendHeading: 'h3' }));
  layout.append(scroller);
  section.append(layout);
  return section;
}
