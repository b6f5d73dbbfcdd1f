/**
 * The area profile (`/areas/{code}`): every indicator for an LSOA, ward,
 * local authority or the partnership in one view, Fingertips-style: the
 * area's value with its 95% CI beside its benchmark's and the partnership's,
 * the comparison, the direction of travel and a spine chart; then a trend
 * chart per indicator (the area, its benchmark and the partnership), drawn
 * when opened. Withheld figures say "Withheld" and why. A locality's profile
 * also says its kind and lists the LSOAs it is made of (from the locality
 * geography). `/areas` lists the areas to choose from.
 */
import type { ApiClient, AreaCollection, AreaProfile, Lineage, ProfileEntry, ProfileFigure } from '../../api/client.ts';
import { AREA_COLOUR, BENCHMARK_COLOUR, PARTNERSHIP_COLOUR } from '../../components/charts/chart-colours.ts';
import { spineChart, spineSummary } from '../../components/charts/spine-chart.ts';
import { trendChart } from '../../components/charts/trend-chart.ts';
import type { TrendSeries } from '../../components/charts/trend-chart.ts';
import { scrollingRegion } from '../../components/charts/chart-figure.ts';
import { el, labelCells, link, tableHead } from '../../components/dom.ts';
import { setPageState, showPageError } from '../../components/page-state.ts';
import { decimalsFor, formatNumber } from '../../format/numbers.ts';
import { singularKindName } from '../../format/locality-kinds.ts';
import { badge, comparisonJudgement, trendJudgement } from '../../format/judgements.ts';
import { COMPARISON_COLOURS } from '../../map/colour-scale.ts';
import { categoryOf, storedSignificance } from '../../map/compare-areas.ts';
import { groupByTheme } from '../map/controls.ts';
import { mountAreaChooser } from './area-chooser.ts';

const LEVEL_NAMES: Record<AreaProfile['area']['level'], string> = {
  lsoa: 'LSOA (neighbourhood)',
  ward: 'Ward',
  lad: 'Local authority',
  partnership: 'Partnership',
  locality: 'Locality',
};

const LEVEL_PHRASES: Record<AreaProfile['area']['level'], string> = {
  lsoa: 'LSOA',
  ward: 'ward',
  lad: 'local authority',
  partnership: 'partnership',
  locality: 'locality',
};

/** A locality as the profile describes it: its kind and its LSOAs (code and, where known, name). */
export interface LocalityMakeUp {
  kind: { id: string; name: string };
  lsoas: Array<{ code: string; name: string }>;
}

/** The make-up of locality `code` from the locality and LSOA geographies; null when the geography does not list it. */
export function localityMakeUp(code: string, localities: AreaCollection, lsoas: AreaCollection): LocalityMakeUp | null {
  const feature = localities.features.find((candidate) => candidate.properties.code === code);
  const kind = feature?.properties.kind;
  if (feature === undefined || kind === undefined) return null;
  const names = new Map(lsoas.features.map((lsoa) => [lsoa.properties.code, lsoa.properties.name]));
  const members = (feature.properties.lsoas ?? []).map((lsoa) => ({ code: lsoa, name: names.get(lsoa) ?? lsoa }));
  members.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return { kind, lsoas: members };
}

/** A figure's value, or "Withheld" / "No data", for a table cell. */
export function figureCell(figure: ProfileFigure | null, decimals: number): HTMLElement {
  const cell = el('td', 'numeric');
  if (figure === null) {
    cell.textContent = 'not published';
    return cell;
  }
  if (figure.suppressed) {
    cell.classList.add('is-withheld');
    cell.append(el('span', 'withheld-label', 'Withheld'));
    if (figure.suppressionReason) cell.append(el('span', 'figure-note', figure.suppressionReason));
    return cell;
  }
  if (figure.value === null) {
    cell.textContent = 'No data';
    return cell;
  }
  cell.append(el('span', 'figure-value', formatNumber(figure.value, decimals)));
  if (figure.lower !== null && figure.upper !== null) {
    cell.append(el('span', 'figure-note', `${formatNumber(figure.lower, decimals)} to ${formatNumber(figure.upper, decimals)}`));
  }
  return cell;
}

function decimalsOf(entry: ProfileEntry): number {
  const figures = [entry.area, entry.benchmark, entry.partnership].filter((figure): figure is ProfileFigure => figure !== null);
  return decimalsFor([
    ...figures.flatMap((figure) => [figure.value, figure.lower, figure.upper]),
    entry.spread?.min,
    entry.spread?.max,
    entry.spread?.median,
  ]);
}

/** Put the profile of `code` (or, for null, the list of areas) into `root`. */
export function mountAreaProfilePage(root: HTMLElement, api: ApiClient, code: string | null): void {
  setPageState('loading');
  if (code === null) {
    void mountAreaChooser(root, api);
    return;
  }
  root.replaceChildren(el('h1', 'page-title', 'Area profile'), el('p', 'status', 'Loading the area’s figures…'));
  void api
    .profile(code)
    .then(async (profile) => {
      // A locality's kind and LSOAs are in the locality geography, not the profile.
      const makeUp =
        profile.area.level === 'locality'
          ? await Promise.all([api.geography('locality'), api.geography('lsoa')]).then(([localities, lsoas]) => localityMakeUp(profile.area.code, localities, lsoas))
          : null;
      renderProfile(root, api, profile, makeUp);
      setPageState('ready');
    })
    .catch((error: unknown) => {
      root.replaceChildren(el('h1', 'page-title', 'Area profile'));
      showPageError(root, error);
    });
}

function renderProfile(root: HTMLElement, api: ApiClient, profile: AreaProfile, makeUp: LocalityMakeUp | null): void {
  const { area } = profile;
  document.title = `${area.name} – Area profile – Neighbourhood Observatory`;
  const benchmarkName = area.level === 'partnership' ? null : (area.localAuthority?.name ?? 'the partnership');
  const levelName = makeUp === null ? LEVEL_NAMES[area.level] : singularKindName(makeUp.kind.name);
  // The kind of area as a caption over the name (the GOV.UK pattern), so a locality says what it is first.
  const caption = el('p', 'page-caption', levelName);
  caption.id = 'area-kind';
  const heading = el('h1', 'page-title', area.name);
  const where = el('p', 'area-context');
  where.append(`${levelName} · ${area.code}`);
  if (area.ward !== null) where.append(' · in ', link(`/areas/${encodeURIComponent(area.ward.code)}`, area.ward.name));
  if (area.localAuthority !== null) where.append(area.ward === null ? ' · in ' : ', ', link(`/areas/${encodeURIComponent(area.localAuthority.code)}`, area.localAuthority.name));
  if (area.level === 'locality' && profile.partnership !== null) {
    where.append(' · compared with ', link(`/areas/${encodeURIComponent(profile.partnership)}`, 'the partnership'), ' (a locality need not lie in one ward or district)');
  } else if (area.level !== 'partnership' && profile.partnership !== null) where.append(' · ', link(`/areas/${encodeURIComponent(profile.partnership)}`, 'the partnership'));

  const facts = el('ul', 'key-facts');
  const decile = profile.indicators.find((entry) => entry.indicator.id === 'imd2025-decile');
  if (decile !== undefined && decile.area.value !== null) {
    facts.append(el('li', null, `Index of Multiple Deprivation 2025: decile ${formatNumber(decile.area.value, 0)} (1 = most deprived 10% in England)`));
  }
  const periods = [...new Set(profile.indicators.map((entry) => entry.period.label))];
  facts.append(el('li', null, `${profile.indicators.length} indicators, latest period of each (${periods.length} different periods)`));
  const withheld = profile.indicators.filter((entry) => entry.area.suppressed).length;
  if (withheld > 0) facts.append(el('li', null, `${withheld} of them withheld for this area, with the reason given beside each`));
  const mapLine = el('p', 'page-links');
  const mapHref =
    area.level === 'partnership' ? '/' : makeUp !== null ? `/?level=locality&kind=${encodeURIComponent(makeUp.kind.id)}` : `/?level=${area.level}`;
  mapLine.append(link(mapHref, 'See the map'), ' · ', link('/dashboard', 'Dashboard'));
  const members = makeUp === null ? [] : [lsoaList(area.name, makeUp)];

  const key = el('p', 'hint');
  key.textContent =
    `Spine charts: the grey bar is the range across ${spreadPhrase(area.level)} in the partnership, the darker part the middle half, the black line the median; ` +
    `the circle is ${area.name}, coloured blue when significantly better than ${benchmarkName ?? 'its benchmark'}, red when worse, amber when similar; the orange line is ${benchmarkName ?? 'the benchmark'}.`;

  const sections: HTMLElement[] = [];
  for (const [theme, entries] of groupByTheme(profile.indicators.map((entry) => ({ ...entry, theme: entry.indicator.theme })))) {
    const section = el('section', 'profile-theme');
    const themeId = `theme-${theme.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    const title = el('h2', null, theme);
    title.id = themeId;
    section.setAttribute('aria-labelledby', themeId);
    section.append(title, profileTable(profile, entries, benchmarkName, theme));
    sections.push(section);
  }

  const trends = el('section', 'profile-trends');
  trends.setAttribute('aria-labelledby', 'trends-heading');
  const trendsHeading = el('h2', null, 'Trends');
  trendsHeading.id = 'trends-heading';
  trends.append(trendsHeading, el('p', 'hint', `Open an indicator to see ${area.name} over time with its 95% confidence interval${benchmarkName ? `, beside ${benchmarkName}` : ''}.`));
  for (const entry of profile.indicators) trends.append(trendDetails(api, profile, entry, benchmarkName));

  root.replaceChildren(caption, heading, where, facts, ...members, mapLine, key, ...sections, trends);
}

/** The areas a spine chart's range runs across; localities of every kind are ranged together by the API. */
function spreadPhrase(level: AreaProfile['area']['level']): string {
  return level === 'locality' ? 'localities of every kind' : `${LEVEL_PHRASES[level]}s`;
}

/** The LSOAs a locality is made of, each a link to its profile. */
function lsoaList(name: string, makeUp: LocalityMakeUp): HTMLElement {
  const section = el('section', 'locality-lsoas');
  section.setAttribute('aria-labelledby', 'locality-lsoas-heading');
  const heading = el('h2', null, `The ${makeUp.lsoas.length} LSOAs ${name} is made of`);
  heading.id = 'locality-lsoas-heading';
  const list = el('ul', 'area-list area-list-columns');
  for (const lsoa of makeUp.lsoas) {
    const item = el('li');
    item.append(link(`/areas/${encodeURIComponent(lsoa.code)}`, lsoa.name === lsoa.code ? lsoa.code : `${lsoa.name} (${lsoa.code})`));
    list.append(item);
  }
  section.append(heading, list);
  return section;
}

function profileTable(profile: AreaProfile, entries: readonly ProfileEntry[], benchmarkName: string | null, theme: string): HTMLElement {
  const table = el('table', 'data-table profile-table stack-on-phone');
  table.append(el('caption', null, `${theme}: ${profile.area.name} beside ${benchmarkName === null ? '' : `${benchmarkName} and `}the partnership`));
  const columns = ['Indicator', 'Period', profile.area.name, ...(benchmarkName === null ? [] : [benchmarkName]), 'Partnership', 'Compared', 'Trend', 'Spread across areas'];
  const head = tableHead(columns, (_column, index) => (index >= 2 && index < columns.length - 3 ? 'numeric' : null));
  const body = el('tbody');
  for (const entry of entries) {
    const decimals = decimalsOf(entry);
    const row = el('tr');
    row.dataset.indicator = entry.indicator.id;
    const name = el('th');
    name.scope = 'row';
    name.append(link(`/indicators/${encodeURIComponent(entry.indicator.id)}?area=${encodeURIComponent(profile.area.code)}`, entry.indicator.title));
    name.append(el('span', 'figure-note', entry.indicator.unit));
    row.append(name, el('td', null, entry.period.label), figureCell(entry.area, decimals));
    if (benchmarkName !== null) row.append(figureCell(entry.benchmark, decimals));
    row.append(figureCell(entry.partnership, decimals));
    const compared = el('td', 'judgement-cell');
    compared.append(badge(comparisonJudgement(entry.comparison, benchmarkName ?? 'the benchmark')));
    const trend = el('td', 'judgement-cell');
    trend.append(badge(trendJudgement(entry.trend)));
    const spine = el('td', 'spine-cell');
    const category = categoryOf(storedSignificance(entry.comparison), entry.indicator.polarity);
    const spineInput = { entry, decimals, areaName: profile.area.name, areasPhrase: spreadPhrase(profile.area.level), benchmarkName };
    const chart = spineChart({ ...spineInput, colour: COMPARISON_COLOURS[category] });
    const summary = spineSummary(spineInput);
    if (chart === null) spine.textContent = summary;
    else {
      chart.setAttribute('role', 'img');
      chart.setAttribute('aria-label', summary);
      spine.append(chart);
    }
    row.append(compared, trend, spine);
    // On a phone each row becomes a card: every cell says which column it is.
    labelCells(row, columns);
    body.append(row);
  }
  table.append(head, body);
  const scroller = scrollingRegion('table-wrap', table.caption?.textContent ?? 'Table', table);
  return scroller;
}

function trendDetails(api: ApiClient, profile: AreaProfile, entry: ProfileEntry, benchmarkName: string | null): HTMLElement {
  const details = el('details', 'trend-details');
  details.dataset.indicator = entry.indicator.id;
  const summary = el('summary', null, entry.indicator.title);
  const body = el('div', 'trend-body');
  details.append(summary, body);
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    body.replaceChildren(el('p', 'status', 'Loading…'));
    details.dataset.state = 'loading';
    const codes: Array<{ code: string; name: string; colour: string; dashed: boolean }> = [
      { code: profile.area.code, name: profile.area.name, colour: AREA_COLOUR, dashed: false },
    ];
    if (profile.benchmark !== null && benchmarkName !== null) {
      codes.push({ code: profile.benchmark, name: benchmarkName, colour: BENCHMARK_COLOUR, dashed: true });
    }
    if (profile.area.level !== 'partnership' && profile.partnership !== null && profile.benchmark !== profile.partnership) {
      codes.push({ code: profile.partnership, name: 'Partnership', colour: PARTNERSHIP_COLOUR, dashed: true });
    }
    void Promise.all([
      Promise.all(codes.map((entryCode) => api.series(entry.indicator.id, entryCode.code))),
      api.lineage(entry.indicator.id, profile.area.code, entry.period.id),
    ])
      .then(([all, lineage]) => {
        const series: TrendSeries[] = all.map((result, index) => {
          const meta = codes[index] as (typeof codes)[number];
          return { name: meta.name, colour: meta.colour, dashed: meta.dashed, points: result.points };
        });
        const decimals = decimalsFor(all.flatMap((result) => result.points.flatMap((point) => [point.value, point.lower, point.upper])));
        body.replaceChildren(
          trendChart({
            title: `${entry.indicator.title}: ${profile.area.name} over time`,
            unit: entry.indicator.unit,
            decimals,
            series,
            source: null,
            direction: trendJudgement(entry.trend).text,
          }),
          lineageSection(lineage),
        );
        details.dataset.state = 'ready';
      })
      .catch((error: unknown) => {
        body.replaceChildren();
        showPageError(body, error);
        details.dataset.state = 'error';
        setPageState('ready');
      });
  });
  return details;
}

/** Where the area's figure for the period comes from: each extract, its partner and agreement version, and the method. */
export function lineageSection(lineage: Lineage): HTMLElement {
  const section = el('div', 'lineage');
  section.append(el('h3', null, `Where the ${lineage.period.label} figure comes from`));
  if (lineage.reference !== undefined) {
    section.append(el('p', null, 'A published reference statistic, not partners’ extracts.'));
  } else if (lineage.extracts.length === 0) {
    section.append(el('p', null, 'No partner extract covers this area and period.'));
  } else {
    const list = el('ul', 'lineage-list');
    for (const extract of lineage.extracts) {
      const months = extract.periodStart === extract.periodEnd ? extract.periodStart : `${extract.periodStart} to ${extract.periodEnd}`;
      const generated = extract.generated ? ' (generated test data)' : '';
      list.append(
        el('li', null, `${extract.partner}: ${extract.file}${generated}, ${months}, under agreement ${extract.agreement.id} version ${extract.agreement.version}; extract ${extract.extractId}, loaded ${extract.loadedAt.slice(0, 10)}`),
      );
    }
    section.append(list);
  }
  if (lineage.methods) section.append(el('p', 'figure-note', `Method: ${lineage.methods}`));
  return section;
}
