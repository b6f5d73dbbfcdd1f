/**
 * The serious-violence view (`/serious-violence`): a Violence Reduction Unit's picture of where
 * violence happens, from two sources that see different parts of it. Police-recorded violence and
 * A&E attendances for assault per 1,000 residents side by side with their confidence intervals,
 * the combined demand on both services, the neighbourhoods significantly high on both, and a map.
 * Level (LSOA or ward) and period are in the URL (`?level=ward&period=FY2018-19`), so a view can
 * be shared. Withheld figures are shown as withheld, never as zero.
 */
import type { ApiClient, AreaCollection, SeriousViolenceArea, SeriousViolenceFigure, SeriousViolenceView } from '../../api/client.ts';
import { scrollingRegion } from '../../components/charts/chart-figure.ts';
import { el, labelCells, link } from '../../components/dom.ts';
import { messageOf, setPageState, showPageError } from '../../components/page-state.ts';
import { decimalsFor, formatNumber } from '../../format/numbers.ts';
import { seriousViolenceMap } from '../../map/serious-violence-map.ts';

type Level = 'lsoa' | 'ward';
type Choice = { level: Level; period: string | null };

/** The level and period the URL asks for (LSOA and the latest period by default). */
export function choiceFromSearch(search: string): Choice {
  const query = new URLSearchParams(search);
  return { level: query.get('level') === 'ward' ? 'ward' : 'lsoa', period: query.get('period') || null };
}

const TITLE = 'Serious violence: police and A&E';

/** Put the page into `root`. */
export function mountSeriousViolencePage(root: HTMLElement, api: ApiClient, search: string): void {
  document.title = `${TITLE} – Neighbourhood Observatory`;
  void show(root, api, choiceFromSearch(search));
}

async function show(root: HTMLElement, api: ApiClient, choice: Choice): Promise<void> {
  setPageState('loading');
  root.replaceChildren(el('h1', 'page-title', TITLE), el('p', 'status', 'Loading police and A&E figures…'));
  try {
    const view = await api.seriousViolence(choice.level, choice.period ?? undefined);
    const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
    const [periods, boundaries] = await Promise.all([
      api.indicators().then((list) => list.indicators.find((i) => i.id === view.inputs.hospital.id)?.periods ?? [view.period], () => [view.period]),
      Promise.all([api.geography(view.level), api.geography('lad')]).then(([areas, districts]) => ({ areas, districts }), asError),
    ]);
    render(root, api, view, periods, boundaries);
    setPageState('ready');
  } catch (error) {
    root.replaceChildren(el('h1', 'page-title', TITLE));
    showPageError(root, error);
  }
}

function render(
  root: HTMLElement,
  api: ApiClient,
  view: SeriousViolenceView,
  periods: readonly { id: string; label: string }[],
  boundaries: { areas: AreaCollection; districts: AreaCollection } | Error,
): void {
  const levelName = view.level === 'lsoa' ? 'neighbourhoods (LSOAs)' : 'wards';
  const intro = el(
    'p',
    'description',
    'Violence reaches services by two roads. The police record the violence reported to them; hospitals see the assaults that need treatment, many of which are never reported. Set side by side, per 1,000 residents, they show where violence concentrates more fully than either alone. The combined demand adds the two (an assault both reported and treated counts twice), so it measures the load on police and hospitals, not the number of assaults.',
  );
  root.replaceChildren(el('h1', 'page-title', TITLE), intro, controls(root, api, view, periods), highOnBothSection(view, levelName));
  const layout = el('div', 'serious-violence-layout');
  if (boundaries instanceof Error) layout.append(el('p', 'notice', `The map could not be drawn: ${messageOf(boundaries)}`));
  else layout.append(seriousViolenceMap(view, boundaries.areas, boundaries.districts));
  layout.append(rankedTable(view, levelName));
  const method = el('section', 'method');
  method.append(el('h2', null, 'How this is worked out'), el('p', null, view.method));
  root.append(layout, method);
}

function controls(root: HTMLElement, api: ApiClient, view: SeriousViolenceView, periods: readonly { id: string; label: string }[]): HTMLElement {
  const form = el('form', 'view-controls');
  form.setAttribute('aria-label', 'Choose the areas and the period');
  const levelLabel = el('label', null, 'Areas ');
  const level = el('select');
  level.id = 'sv-level';
  level.name = 'level';
  for (const [value, text] of [['lsoa', 'Neighbourhoods (LSOA)'], ['ward', 'Wards']] as const) {
    const option = el('option', null, text);
    option.value = value;
    option.selected = value === view.level;
    level.append(option);
  }
  levelLabel.append(level);
  const periodLabel = el('label', null, 'Period ');
  const period = el('select');
  period.id = 'sv-period';
  period.name = 'period';
  for (const p of periods) {
    const option = el('option', null, p.label);
    option.value = p.id;
    option.selected = p.id === view.period.id;
    period.append(option);
  }
  periodLabel.append(period);
  const change = (): void => {
    const choice: Choice = { level: level.value === 'ward' ? 'ward' : 'lsoa', period: period.value || null };
    const query = new URLSearchParams({ level: choice.level, ...(choice.period ? { period: choice.period } : {}) });
    window.history.replaceState(null, '', `/serious-violence?${query}`);
    void show(root, api, choice);
  };
  level.addEventListener('change', change);
  period.addEventListener('change', change);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.append(levelLabel, ' ', periodLabel);
  return form;
}

function highOnBothSection(view: SeriousViolenceView, levelName: string): HTMLElement {
  const section = el('section', 'high-on-both');
  section.setAttribute('aria-labelledby', 'high-on-both-heading');
  const heading = el('h2', null, `${view.level === 'lsoa' ? 'Neighbourhoods' : 'Wards'} high on both, ${view.period.label}`);
  heading.id = 'high-on-both-heading';
  const rate = (value: number | null): string => (value === null ? 'withheld' : formatNumber(value, 1));
  section.append(
    heading,
    el(
      'p',
      null,
      `An area is listed when both its police violence rate and its A&E assault rate are significantly above the partnership’s (${rate(view.partnership.police)} and ${rate(view.partnership.hospital)} per 1,000 residents): the lower end of each 95% confidence interval is above it, so chance alone is an unlikely explanation.`,
    ),
  );
  const listed = view.areas.filter((area) => area.highOnBoth);
  if (listed.length === 0) section.append(el('p', 'notice', `No ${levelName.replace(/ \(.*\)$/, '')} is significantly high on both this period.`));
  else {
    const list = el('ol', 'high-on-both-list');
    list.id = 'high-on-both-list';
    for (const area of listed) {
      const item = el('li');
      item.dataset.area = area.area;
      item.append(
        link(`/areas/${encodeURIComponent(area.area)}`, area.name),
        `: police ${figureWords(area.police)}, A&E ${figureWords(area.hospital)}, combined ${figureWords(area.combined)} per 1,000 residents.`,
      );
      list.append(item);
    }
    section.append(list);
  }
  if (view.unjudged > 0) {
    section.append(
      el(
        'p',
        'figure-note',
        `${view.unjudged} ${view.unjudged === 1 ? 'area has' : 'areas have'} a police or A&E figure withheld to protect confidentiality (small numbers), so ${view.unjudged === 1 ? 'it is' : 'they are'} not judged.`,
      ),
    );
  }
  return section;
}

function figureWords(figure: SeriousViolenceFigure): string {
  if (figure.withheld || figure.value === null) return 'withheld';
  return formatNumber(figure.value, 1);
}

/** A figure's cell: value with its CI, or "Withheld" with the public reason. */
function figureCell(figure: SeriousViolenceFigure, decimals: number, partnershipNote: boolean): HTMLTableCellElement {
  const cell = el('td', 'numeric');
  if (figure.withheld || figure.value === null) {
    cell.classList.add('withheld');
    cell.append(el('span', 'withheld-label', 'Withheld'));
    if (figure.withheldReason) cell.append(el('span', 'figure-note', figure.withheldReason));
    return cell;
  }
  cell.append(el('span', 'figure-value', formatNumber(figure.value, decimals)));
  if (figure.lower !== null && figure.upper !== null) cell.append(el('span', 'figure-note', `${formatNumber(figure.lower, decimals)} to ${formatNumber(figure.upper, decimals)}`));
  if (partnershipNote && figure.significantlyHigh === true) cell.append(el('span', 'figure-note significantly-high', 'significantly high'));
  return cell;
}

function rankedTable(view: SeriousViolenceView, levelName: string): HTMLElement {
  const table = el('table', 'data-table serious-violence-table stack-on-phone');
  table.id = 'serious-violence-table';
  table.append(el('caption', null, `Police violence, A&E assault and combined demand per 1,000 residents, ${levelName}, ${view.period.label}: high on both first, then by combined demand`));
  const columns = [view.level === 'lsoa' ? 'Neighbourhood (LSOA)' : 'Ward', view.inputs.police.title, view.inputs.hospital.title, 'Combined demand', 'High on both'];
  const head = el('thead');
  const headRow = el('tr');
  columns.forEach((column, index) => {
    const th = el('th', index > 0 && index < 4 ? 'numeric' : null, column);
    th.scope = 'col';
    headRow.append(th);
  });
  head.append(headRow);
  const body = el('tbody');
  const partnershipRow = el('tr', 'partnership-row');
  const partnershipName = el('th', null, 'Partnership');
  partnershipName.scope = 'row';
  const rateCell = (value: number | null): HTMLTableCellElement => el('td', 'numeric', value === null ? 'Withheld' : formatNumber(value, 1));
  partnershipRow.append(partnershipName, rateCell(view.partnership.police), rateCell(view.partnership.hospital), rateCell(view.partnership.combined), el('td', null, '—'));
  body.append(partnershipRow);
  for (const area of view.areas) body.append(areaRow(area, columns));
  table.append(head, body);
  return scrollingRegion('table-wrap', table.caption?.textContent ?? 'Table', table);
}

function areaRow(area: SeriousViolenceArea, columns: readonly string[]): HTMLTableRowElement {
  const decimals = decimalsFor([area.police.value, area.hospital.value, area.combined.value].map((v) => (v === null ? null : Math.min(v, 99))));
  const row = el('tr');
  row.dataset.area = area.area;
  if (area.highOnBoth) row.classList.add('high-on-both-row');
  const name = el('th');
  name.scope = 'row';
  name.append(link(`/areas/${encodeURIComponent(area.area)}`, area.name));
  const judged = area.police.withheld || area.hospital.withheld ? 'Not judged (withheld)' : area.highOnBoth ? 'Yes' : 'No';
  row.append(name, figureCell(area.police, decimals, true), figureCell(area.hospital, decimals, true), figureCell(area.combined, decimals, false), el('td', null, judged));
  labelCells(row, columns);
  return row;
}
