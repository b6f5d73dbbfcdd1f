/**
 * Trends (`/indicators/{id}?area={code}`): one indicator over time with 95%
 * confidence intervals, for an area beside its benchmark and the partnership
 * (for the partnership itself, beside each local authority; the chooser also
 * offers the localities, by kind), with the
 * direction of travel, the RAG status against any target, and the figures as
 * a table. `/indicators` lists the indicators by theme.
 */
import type { ApiClient, AreaCollection, Indicator, IndicatorSeries } from '../../api/client.ts';
import { AREA_COLOUR, BENCHMARK_COLOUR, PARTNERSHIP_COLOUR } from '../../components/charts/chart-colours.ts';
import { trendChart } from '../../components/charts/trend-chart.ts';
import type { TrendSeries } from '../../components/charts/trend-chart.ts';
import { el, link } from '../../components/dom.ts';
import { setPageState, showPageError } from '../../components/page-state.ts';
import { decimalsFor, formatNumber } from '../../format/numbers.ts';
import { badge, ragJudgement, trendJudgement } from '../../format/judgements.ts';
import { featuresOfKind, localityKindsOf } from '../../format/locality-kinds.ts';
import { groupByTheme } from '../map/controls.ts';

const EXTRA_COLOURS = ['#6a3d9a', '#1b7837'];

/** Put the trend page for indicator `id` (or, for null, the list of indicators) into `root`. */
export function mountIndicatorTrendPage(root: HTMLElement, api: ApiClient, id: string | null): void {
  setPageState('loading');
  root.replaceChildren(el('h1', 'page-title', 'Trends'), el('p', 'status', 'Loading…'));
  void render(root, api, id).catch((error: unknown) => {
    root.replaceChildren(el('h1', 'page-title', 'Trends'));
    showPageError(root, error);
  });
}

async function render(root: HTMLElement, api: ApiClient, id: string | null): Promise<void> {
  const catalogue = await api.indicators();
  const indicator = catalogue.indicators.find((candidate) => candidate.id === id);
  if (id === null || indicator === undefined) {
    renderList(root, catalogue.indicators, id);
    return;
  }
  const latest = indicator.latestPeriod;
  if (latest === null) throw new Error(`${indicator.title} has no figures yet.`);
  const [partnership, districts, localities] = await Promise.all([
    api.values(indicator.id, 'partnership', latest),
    indicator.levels.includes('lad') ? api.values(indicator.id, 'lad', latest) : Promise.resolve(null),
    indicator.levels.includes('locality') ? api.geography('locality') : Promise.resolve(null),
  ]);
  const partnershipArea = partnership.values[0];
  if (partnershipArea === undefined) throw new Error(`${indicator.title} has no partnership figure.`);
  const requested = new URLSearchParams(window.location.search).get('area') ?? partnershipArea.area;
  const main = await api.series(indicator.id, requested);
  const lines: Array<{ code: string; name: string }> = [];
  if (main.area.code === partnershipArea.area) {
    for (const district of districts?.values ?? []) lines.push({ code: district.area, name: district.name });
  } else {
    const benchmark = main.points.find((point) => point.comparison)?.comparison?.benchmark;
    if (benchmark !== undefined && benchmark !== partnershipArea.area) {
      const name = districts?.values.find((district) => district.area === benchmark)?.name ?? benchmark;
      lines.push({ code: benchmark, name });
    }
    lines.push({ code: partnershipArea.area, name: partnershipArea.name });
  }
  const others = await Promise.all(lines.map((line) => api.series(indicator.id, line.code)));
  const choices: AreaChoices[] = [{ group: null, areas: [partnershipArea, ...(districts?.values ?? [])] }];
  // Localities come grouped by kind: a policing team and a care network may share a name's place.
  if (localities !== null) choices.push(...localityChoices(localities));
  renderTrend(root, indicator, main, others, choices);
}

/** The localities as the chooser offers them: one group per kind. */
function localityChoices(localities: AreaCollection): AreaChoices[] {
  return localityKindsOf(localities).map((kind) => ({
    group: kind.name,
    areas: featuresOfKind(localities, kind.id).features.map((feature) => ({ area: feature.properties.code, name: feature.properties.name })),
  }));
}

/** Areas the chooser offers, under a group's label (none for the partnership and its districts). */
interface AreaChoices {
  group: string | null;
  areas: ReadonlyArray<{ area: string; name: string }>;
}

function renderTrend(
  root: HTMLElement,
  indicator: Indicator,
  main: IndicatorSeries,
  others: readonly IndicatorSeries[],
  choices: readonly AreaChoices[],
): void {
  document.title = `${indicator.title}: ${main.area.name} – Trends – Neighbourhood Observatory`;
  const heading = el('h1', 'page-title', `${indicator.title}: ${main.area.name}`);
  const description = el('p', 'description', indicator.shortDescription);

  const form = el('form', 'controls');
  form.method = 'get';
  form.setAttribute('aria-label', 'Choose the area');
  const control = el('div', 'control');
  const label = el('label', null, 'Area');
  label.htmlFor = 'area-select';
  const select = el('select');
  select.id = 'area-select';
  select.name = 'area';
  const listed = choices.some((group) => group.areas.some((choice) => choice.area === main.area.code));
  const groups = listed ? choices : [...choices, { group: null, areas: [{ area: main.area.code, name: main.area.name }] }];
  for (const { group, areas } of groups) {
    const options = areas.map((choice) => {
      const option = el('option', null, choice.name);
      option.value = choice.area;
      return option;
    });
    if (group === null) select.append(...options);
    else {
      const optgroup = el('optgroup', null, ...options);
      optgroup.label = group;
      select.append(optgroup);
    }
  }
  select.value = main.area.code;
  select.addEventListener('change', () => form.requestSubmit());
  const submit = el('button', 'button', 'Show');
  submit.type = 'submit';
  control.append(label, select);
  form.append(control, submit);

  const latest = [...main.points].reverse().find((point) => !point.suppressed && point.value !== null) ?? main.points[main.points.length - 1];
  const judgements = el('p', 'judgements');
  judgements.append(badge(trendJudgement(latest?.trend)));
  const rag = ragJudgement(latest?.rag);
  if (rag !== null && indicator.target) {
    judgements.append(' ', badge(rag), ` Target: ${formatNumber(indicator.target.value, 1)} ${indicator.unit}${indicator.target.by ? ` by ${indicator.target.by}` : ''}.`);
  }

  const all = [main, ...others];
  const decimals = decimalsFor(all.flatMap((series) => series.points.flatMap((point) => [point.value, point.lower, point.upper])));
  const series: TrendSeries[] = all.map((result, index) => ({
    name: result.area.name,
    colour: index === 0 ? AREA_COLOUR : result.area.level === 'partnership' ? PARTNERSHIP_COLOUR : index === 1 ? BENCHMARK_COLOUR : (EXTRA_COLOURS[index % 2] as string),
    dashed: index > 0,
    points: result.points,
  }));
  const source = indicator.sources.map((item) => `${item.partnerName ?? item.partner}, ${item.datasetTitle ?? item.dataset}`).join('; ') || null;
  const width = Math.max(300, Math.min(900, root.clientWidth - 16));
  const chart = trendChart({
    title: `${indicator.title} (${indicator.unit}), ${main.area.name}`,
    unit: indicator.unit,
    decimals,
    series,
    source,
    direction: trendJudgement(latest?.trend).text,
    width,
    height: width < 500 ? 240 : 320,
  });
  const links = el('p', 'page-links');
  links.append(
    link(`/?indicator=${encodeURIComponent(indicator.id)}`, `Map of ${indicator.title}`),
    ' · ',
    link(`/areas/${encodeURIComponent(main.area.code)}`, `Profile of ${main.area.name}`),
    ' · ',
    link('/indicators', 'All indicators'),
  );
  root.replaceChildren(heading, description, form, judgements, chart, links);
  setPageState('ready');
}

function renderList(root: HTMLElement, indicators: readonly Indicator[], missing: string | null): void {
  document.title = 'Trends – Neighbourhood Observatory';
  const parts: HTMLElement[] = [el('h1', 'page-title', 'Trends')];
  if (missing !== null) {
    const notice = el('p', 'notice', `There is no indicator "${missing}". Choose one below.`);
    notice.setAttribute('role', 'alert');
    parts.push(notice);
  }
  parts.push(el('p', null, 'Each indicator over time for the partnership and its local authorities, with 95% confidence intervals.'));
  for (const [theme, members] of groupByTheme(indicators)) {
    const section = el('section', 'indicator-group');
    section.append(el('h2', null, theme));
    const list = el('ul', 'area-list');
    for (const indicator of members) {
      const item = el('li');
      item.append(link(`/indicators/${encodeURIComponent(indicator.id)}`, indicator.title), el('span', 'figure-note', ` ${indicator.unit}`));
      list.append(item);
    }
    section.append(list);
    parts.push(section);
  }
  root.replaceChildren(...parts);
  setPageState('ready');
}
