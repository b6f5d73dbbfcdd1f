/**
 * The map page (`/`): reads the view from the URL, loads the indicator's
 * figures and the level's geometry, and shows them on the map (by value, or
 * compared with the parent area or the partnership), in the legend, in the
 * selected-area panel and in the table. Every render ends by setting
 * `document.body.dataset.mapState` to `ready` (or `error`) and, on the map
 * container, `data-rendered-areas` to the number of areas given a colour.
 */
import { ApiError } from '../../api/client.ts';
import type { ApiClient, AreaCollection, AreaFigure, DefaultView, Indicator, IndicatorValues } from '../../api/client.ts';
import { featuresOfKind, localityKindsOf, singularKindName } from '../../format/locality-kinds.ts';
import type { LocalityKind } from '../../format/locality-kinds.ts';
import { ChoroplethMap } from '../../map/choropleth-map.ts';
import { levelAreasOfCollection, loadLevelAreas } from '../../map/level-areas.ts';
import type { LevelAreas } from '../../map/level-areas.ts';
import type { AreaPaint } from '../../map/choropleth-map.ts';
import { classOf, classify } from '../../map/classify.ts';
import { COMPARISON_COLOURS, MAX_CLASSES, WITHHELD_COLOUR, coloursForClasses } from '../../map/colour-scale.ts';
import type { ComparisonCategory } from '../../map/colour-scale.ts';
import { CATEGORY_LABELS, categoryOf, significanceAgainst, storedSignificance } from '../../map/compare-areas.ts';
import { comparisonLegend, renderLegend, valueLegend } from '../../map/legend.ts';
import type { LegendModel } from '../../map/legend.ts';
import { FiguresTable, decimalsForFigures } from '../../table/figures-table.ts';
import { setPageState } from '../../components/page-state.ts';
import { describeValue, renderAreaDetails } from './area-details.ts';
import { fillControls, showViewInControls } from './controls.ts';
import type { ControlElements } from './controls.ts';
import markup from './map-page.html?raw';
import {
  levelAbove,
  levelChoiceValue,
  levelPhrase,
  levelPluralPhrase,
  mapLevelsOf,
  parentPhrase,
  parseLevelChoice,
  readViewFromQuery,
  resolveView,
  viewToQuery,
} from './view-state.ts';
import type { ClassMethod } from '../../map/classify.ts';
import type { ColourMode, MapLevel, RequestedView, ViewState } from './view-state.ts';

/** How long each period stays on screen while the slider plays. */
export const PLAY_STEP_MS = 1200;

export interface MapPageElements {
  controls: ControlElements;
  status: HTMLElement;
  error: HTMLElement;
  title: HTMLElement;
  description: HTMLElement;
  sources: HTMLElement;
  /** Shows why an indicator's figures are withdrawn, when they are. */
  notice: HTMLElement;
  /** Says when most areas at the level are withheld, and offers the level above. */
  withheldNotice: HTMLElement;
  map: HTMLElement;
  legend: HTMLElement;
  details: HTMLElement;
  table: HTMLElement;
}

interface Shown {
  view: ViewState;
  indicator: Indicator;
  values: IndicatorValues;
  /** The areas on the map (for localities, those of the kind shown): code to name. */
  names: Map<string, string>;
  /** What each locality is ("Primary care network of 21 LSOAs"); empty for other levels. */
  about: Map<string, string>;
  figures: Map<string, AreaFigure>;
  paints: Map<string, AreaPaint>;
  categories: Map<string, ComparisonCategory>;
  decimals: number;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return `Something went wrong: ${error.message}`;
  return 'Something went wrong.';
}

function element<T extends HTMLElement>(root: ParentNode, id: string, type: new () => T): T {
  const found = root.querySelector(`#${id}`);
  if (!(found instanceof type)) throw new Error(`The page has no #${id} ${type.name}`);
  return found;
}

/** Put the map page into `root` and start it. */
export function mountMapPage(root: HTMLElement, api: ApiClient): MapPage {
  root.innerHTML = markup;
  const page = new MapPage(api, {
    controls: {
      indicator: element(root, 'indicator-select', HTMLSelectElement),
      level: element(root, 'level-select', HTMLSelectElement),
      mode: element(root, 'mode-select', HTMLSelectElement),
      classes: element(root, 'classes-select', HTMLSelectElement),
      period: element(root, 'period-slider', HTMLInputElement),
      periodLabel: element(root, 'period-label', HTMLOutputElement),
      play: element(root, 'period-play', HTMLButtonElement),
    },
    status: element(root, 'status', HTMLElement),
    error: element(root, 'error', HTMLElement),
    title: element(root, 'indicator-title', HTMLElement),
    description: element(root, 'indicator-description', HTMLElement),
    sources: element(root, 'indicator-sources', HTMLElement),
    notice: element(root, 'indicator-notice', HTMLElement),
    withheldNotice: element(root, 'withheld-notice', HTMLElement),
    map: element(root, 'map', HTMLElement),
    legend: element(root, 'legend', HTMLElement),
    details: element(root, 'details', HTMLElement),
    table: element(root, 'figures-table', HTMLElement),
  });
  void page.start();
  return page;
}

export class MapPage {
  readonly #api: ApiClient;
  readonly #elements: MapPageElements;
  readonly #table: FiguresTable;
  readonly #geometry = new Map<MapLevel, Promise<AreaCollection>>();
  readonly #levelAreas = new Map<Exclude<MapLevel, 'locality'>, Promise<LevelAreas>>();
  /** `?draw=tiles` draws every level from vector tiles, as the largest levels are (for tests and diagnosis). */
  readonly #alwaysTiles = new URLSearchParams(window.location.search).get('draw') === 'tiles';
  /** The partnership's kinds of locality, from the locality geography; none when it has none (or it failed to load). */
  #kinds: LocalityKind[] = [];
  readonly #partnershipFigures = new Map<string, Promise<AreaFigure | null>>();
  #indicators: Indicator[] = [];
  #defaultView: DefaultView | null = null;
  #basemapStyleUrl: string | null = null;
  #map: ChoroplethMap | null = null;
  #shown: Shown | null = null;
  #selected: string | null = null;
  #renderCount = 0;
  #playing = false;

  constructor(api: ApiClient, elements: MapPageElements) {
    this.#api = api;
    this.#elements = elements;
    this.#table = new FiguresTable(elements.table, { onSelect: (code) => this.#select(code) });
  }

  async start(): Promise<void> {
    document.body.dataset.mapState = 'loading';
    // The kinds of locality are the level control's choices, so they are fetched beside the catalogue.
    const kinds = this.#localityKinds();
    try {
      const catalogue = await this.#api.indicators();
      this.#indicators = catalogue.indicators;
      this.#defaultView = catalogue.defaultView ?? null;
      this.#basemapStyleUrl = catalogue.basemapStyleUrl;
      this.#kinds = await kinds;
    } catch (error) {
      this.#fail(error);
      return;
    }
    // Marks for the bench (bench/screens.bench.ts) to say where the time to the first map goes.
    performance.mark('map:catalogue');
    fillControls(this.#elements.controls, this.#indicators, this.#kinds);
    this.#wireControls();
    try {
      this.#map = await ChoroplethMap.create(this.#elements.map, 'Map of the selected indicator', {
        onSelect: (code) => this.#select(code),
        describe: (code, name) => this.#describe(code, name),
      }, this.#basemapStyleUrl);
    } catch (error) {
      this.#elements.map.classList.add('map-unavailable');
      this.#elements.map.textContent =
        'The map cannot be drawn in this browser (it needs WebGL). The table below has the same figures.';
      console.error(error);
    }
    performance.mark('map:created');
    await this.#show(readViewFromQuery(window.location.search), 'replace');
    await this.#addContext();
  }

  /** The kinds of locality; without them the map offers no locality level, so a failure is reported, not fatal. */
  async #localityKinds(): Promise<LocalityKind[]> {
    try {
      return localityKindsOf(await this.#geometryOf('locality'));
    } catch (error) {
      console.warn('Localities could not be loaded; the map offers the other levels', error);
      return [];
    }
  }

  /** Ward and district outlines and names; the map is still useful without them, so a failure is reported, not fatal. */
  async #addContext(): Promise<void> {
    if (this.#map === null) return;
    try {
      const [wards, districts] = await Promise.all([this.#areasOf('ward'), this.#areasOf('lad')]);
      this.#map.addContext({ wards, districts });
      // For tests and the bench: geometry requests after this are the view's own.
      this.#elements.map.dataset.context = 'drawn';
    } catch (error) {
      console.warn('Ward and district outlines could not be drawn', error);
    }
  }

  #wireControls(): void {
    const { indicator, level, mode, classes, period, play } = this.#elements.controls;
    const current = (): RequestedView => ({ ...this.#shown?.view });
    indicator.addEventListener('change', () => void this.#show({ ...current(), indicator: indicator.value }, 'push'));
    level.addEventListener('change', () => {
      const chosen = parseLevelChoice(level.value, this.#kinds);
      if (chosen !== null) void this.#show({ ...current(), ...chosen }, 'push');
    });
    mode.addEventListener('change', () => void this.#show({ ...current(), mode: mode.value as ColourMode }, 'push'));
    classes.addEventListener('change', () => void this.#show({ ...current(), classes: classes.value as ClassMethod }, 'push'));
    // The slider moves with arrows, Page Up/Down, Home and End; each position is a view with its own URL.
    period.addEventListener('input', () => {
      const chosen = this.#periodsOfShown()[Number(period.value)];
      if (chosen !== undefined) void this.#show({ ...current(), period: chosen.id }, 'replace');
    });
    play.addEventListener('click', () => (this.#playing ? this.#stopPlaying() : void this.#play()));
    window.addEventListener('popstate', () => void this.#show(readViewFromQuery(window.location.search), 'none'));
  }

  #periodsOfShown(): Indicator['periods'] {
    return this.#shown?.indicator.periods ?? [];
  }

  /** Step through the periods from the one shown (or the first, when at the last) to the latest. */
  async #play(): Promise<void> {
    const periods = this.#periodsOfShown();
    if (periods.length < 2 || this.#shown === null) return;
    this.#playing = true;
    this.#elements.controls.play.setAttribute('aria-pressed', 'true');
    this.#elements.controls.play.textContent = 'Pause';
    let index = periods.findIndex((period) => period.id === this.#shown?.view.period);
    if (index >= periods.length - 1) index = -1;
    while (this.#playing && index < periods.length - 1) {
      index += 1;
      const next = periods[index] as Indicator['periods'][number];
      const started = performance.now();
      await this.#show({ ...this.#shown?.view, period: next.id }, 'replace');
      const wait = PLAY_STEP_MS - (performance.now() - started);
      if (this.#playing && index < periods.length - 1 && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    this.#stopPlaying();
  }

  #stopPlaying(): void {
    this.#playing = false;
    this.#elements.controls.play.setAttribute('aria-pressed', 'false');
    this.#elements.controls.play.textContent = 'Play';
  }

  async #show(requested: RequestedView, history: 'push' | 'replace' | 'none'): Promise<void> {
    const view = resolveView(this.#indicators, requested, this.#defaultView, this.#kinds);
    if (view === null) {
      this.#fail(new Error('no indicator can be shown on the map yet.'));
      return;
    }
    const indicator = this.#indicators.find((candidate) => candidate.id === view.indicator) as Indicator;
    const query = viewToQuery(view);
    if (history === 'push' && query !== window.location.search) window.history.pushState(null, '', query);
    if (history === 'replace') window.history.replaceState(null, '', query);
    showViewInControls(this.#elements.controls, indicator, view, this.#kinds);

    const renderId = ++this.#renderCount;
    document.body.dataset.mapState = 'loading';
    this.#elements.map.setAttribute('aria-busy', 'true');
    this.#elements.status.textContent = `Loading ${indicator.title}…`;
    this.#elements.error.hidden = true;
    try {
      const [areas, values, partnership] = await Promise.all([
        this.#layerAreas(view),
        this.#api.values(view.indicator, view.level, view.period),
        view.mode === 'partnership' ? this.#partnershipFigure(view) : Promise.resolve(null),
      ]);
      if (renderId !== this.#renderCount) return;
      performance.mark('map:figures-loaded');
      this.#render(view, indicator, areas, values, partnership);
      performance.mark('map:figures-set');
      await this.#map?.whenRendered();
      if (renderId !== this.#renderCount) return;
      this.#elements.map.removeAttribute('aria-busy');
      document.body.dataset.mapState = 'ready';
      setPageState('ready');
    } catch (error) {
      if (renderId === this.#renderCount) {
        this.#clearFigures(view, indicator);
        this.#fail(error);
      }
    }
  }

  #partnershipFigure(view: ViewState): Promise<AreaFigure | null> {
    const key = `${view.indicator}|${view.period}`;
    let figure = this.#partnershipFigures.get(key);
    if (figure === undefined) {
      figure = this.#api.values(view.indicator, 'partnership', view.period).then((body) => body.values[0] ?? null);
      figure.catch(() => this.#partnershipFigures.delete(key));
      this.#partnershipFigures.set(key, figure);
    }
    return figure;
  }

  /** After a failed load, show no figures rather than the previous view's. */
  #clearFigures(view: ViewState, indicator: Indicator): void {
    this.#shown = null;
    this.#select(null);
    this.#elements.title.textContent = indicator.title;
    this.#elements.legend.replaceChildren();
    this.#elements.withheldNotice.hidden = true;
    this.#elements.map.dataset.renderedAreas = '0';
    if (this.#map?.hasLevel(levelChoiceValue(view))) this.#map.showFigures({ level: levelChoiceValue(view), areas: [] });
    this.#table.show({ caption: `${indicator.title}: no figures could be loaded`, unit: indicator.unit, figures: [], decimals: 0 });
  }

  #geometryOf(level: MapLevel): Promise<AreaCollection> {
    let geometry = this.#geometry.get(level);
    if (geometry === undefined) {
      geometry = this.#api.geography(level);
      geometry.catch(() => this.#geometry.delete(level));
      this.#geometry.set(level, geometry);
    }
    return geometry;
  }

  /** The areas of a level other than localities, from GeoJSON or, for thousands of areas, vector tiles. */
  #areasOf(level: Exclude<MapLevel, 'locality'>): Promise<LevelAreas> {
    let areas = this.#levelAreas.get(level);
    if (areas === undefined) {
      areas = loadLevelAreas(this.#api, level, this.#alwaysTiles);
      areas.catch(() => this.#levelAreas.delete(level));
      this.#levelAreas.set(level, areas);
    }
    return areas;
  }

  /** The areas the view draws: the level's, or for localities only those of the view's kind (kinds overlap). */
  async #layerAreas(view: ViewState): Promise<LevelAreas> {
    if (view.level !== 'locality') return this.#areasOf(view.level);
    const geometry = await this.#geometryOf(view.level);
    return levelAreasOfCollection(view.kind !== null ? featuresOfKind(geometry, view.kind) : geometry);
  }

  /** Each area's colour and the legend for the view's colour mode. */
  #paint(
    view: ViewState,
    indicator: Indicator,
    mapped: readonly AreaFigure[],
    partnership: AreaFigure | null,
    decimals: number,
    counts: { withheld: number; noData: number },
  ): { paints: Map<string, AreaPaint>; categories: Map<string, ComparisonCategory>; legend: LegendModel } {
    const paints = new Map<string, AreaPaint>();
    const categories = new Map<string, ComparisonCategory>();
    const hasValue = (figure: AreaFigure): boolean => !figure.suppressed && figure.value !== null;
    if (view.mode === 'value') {
      const classification = classify(
        mapped.map((figure) => (figure.suppressed ? null : figure.value)),
        view.classes,
        MAX_CLASSES,
      );
      const colours = coloursForClasses(classification.classes.length, indicator.polarity);
      for (const figure of mapped) {
        const index = hasValue(figure) ? classOf(figure.value, classification.breaks) : null;
        paints.set(figure.area, { area: figure.area, suppressed: figure.suppressed, colour: index === null ? null : (colours[index] ?? null) });
      }
      const legend = valueLegend({
        classification,
        colours,
        decimals,
        unit: indicator.unit,
        polarity: indicator.polarity,
        withheldCount: counts.withheld,
        noDataCount: counts.noData,
      });
      return { paints, categories, legend };
    }
    const tally: Partial<Record<ComparisonCategory, number>> = {};
    for (const figure of mapped) {
      if (!hasValue(figure)) {
        paints.set(figure.area, { area: figure.area, suppressed: figure.suppressed, colour: null });
        continue;
      }
      const significance =
        view.mode === 'parent' ? storedSignificance(figure.comparison) : significanceAgainst(figure, partnership?.value ?? null);
      const category = categoryOf(significance, indicator.polarity);
      categories.set(figure.area, category);
      tally[category] = (tally[category] ?? 0) + 1;
      paints.set(figure.area, { area: figure.area, suppressed: false, colour: COMPARISON_COLOURS[category] });
    }
    const benchmarkName = view.mode === 'parent' ? parentPhrase(view.level) : (partnership?.name ?? 'the partnership');
    const legend = comparisonLegend({
      counts: tally,
      polarity: indicator.polarity,
      benchmarkName,
      unit: indicator.unit,
      withheldCount: counts.withheld,
      noDataCount: counts.noData,
    });
    return { paints, categories, legend };
  }

  #render(view: ViewState, indicator: Indicator, level: LevelAreas, values: IndicatorValues, partnership: AreaFigure | null): void {
    const names = new Map(level.areas.map((area) => [area.code, area.name]));
    const about = new Map<string, string>();
    for (const properties of level.areas) {
      if (properties.kind !== undefined) about.set(properties.code, `${singularKindName(properties.kind.name)} of ${properties.lsoas?.length ?? 'several'} LSOAs`);
    }
    // Localities of the other kinds are published at the same level but are not on this map.
    const shownFigures = view.level === 'locality' ? values.values.filter((figure) => names.has(figure.area)) : values.values;
    const figures = new Map(shownFigures.map((figure) => [figure.area, figure]));
    const mapped = shownFigures.filter((figure) => names.has(figure.area));
    const decimals = decimalsForFigures(shownFigures);
    const withheldCount = mapped.filter((figure) => figure.suppressed).length;
    const valueCount = mapped.filter((figure) => !figure.suppressed && figure.value !== null).length;
    const noDataCount = names.size - valueCount - withheldCount;
    const { paints, categories, legend } = this.#paint(view, indicator, mapped, partnership, decimals, { withheld: withheldCount, noData: noDataCount });
    this.#shown = { view, indicator, values, names, about, figures, paints, categories, decimals };

    const byLevel = levelPhrase(view, this.#kinds);
    const periodLabel = values.period.label;
    document.title = `${indicator.title}, ${periodLabel} – Map – Neighbourhood Observatory`;
    this.#elements.title.textContent = `${indicator.title}, ${periodLabel}`;
    this.#elements.description.textContent = indicator.shortDescription;
    this.#elements.sources.textContent =
      indicator.sources.length === 0
        ? ''
        : `Source: ${indicator.sources.map((source) => `${source.partnerName ?? source.partner}, ${source.datasetTitle ?? source.dataset}`).join('; ')}`;
    this.#elements.notice.textContent = indicator.withdrawn ? `These figures are withheld: ${indicator.withdrawn}` : '';
    this.#elements.notice.hidden = !indicator.withdrawn;
    this.#showWithheldNotice(view, indicator, withheldCount, names.size);

    let painted = valueCount;
    if (this.#map !== null) {
      const layer = levelChoiceValue(view);
      if (!this.#map.hasLevel(layer)) this.#map.addLevel(layer, level.drawing);
      painted = this.#map.showFigures({ level: layer, areas: [...paints.values()] });
      const how = view.mode === 'value' ? '' : `, coloured by comparison with ${legend.title.replace(/^Compared with /, '')}`;
      this.#map.setLabel(`Map of ${indicator.title} by ${byLevel}, ${periodLabel}${how}. The table of figures below gives the same figures.`);
    }
    this.#elements.map.dataset.renderedAreas = String(painted);
    this.#elements.map.dataset.levelAreas = String(names.size);
    this.#elements.map.dataset.mode = view.mode;
    this.#elements.map.dataset.level = levelChoiceValue(view);

    renderLegend(this.#elements.legend, legend);
    this.#table.show({
      caption: `${indicator.title} (${indicator.unit}) by ${byLevel}, ${periodLabel}`,
      unit: indicator.unit,
      figures: shownFigures,
      decimals,
    });
    if (this.#selected !== null && !names.has(this.#selected)) this.#selected = null;
    this.#select(this.#selected);
    const withheldText = withheldCount > 0 ? `, ${withheldCount} withheld` : '';
    this.#elements.status.textContent = `Showing ${shownFigures.length} areas (${valueCount} with a value${withheldText}).`;
  }

  /** When most areas at the level are withheld, say so and offer the next level up that has figures. */
  #showWithheldNotice(view: ViewState, indicator: Indicator, withheld: number, areas: number): void {
    const notice = this.#elements.withheldNotice;
    if (areas === 0 || withheld * 2 <= areas) {
      notice.hidden = true;
      notice.replaceChildren();
      return;
    }
    const above = levelAbove(view.level, mapLevelsOf(indicator, this.#kinds));
    const text = document.createElement('p');
    text.textContent = `Most ${levelPluralPhrase(view, this.#kinds)} (${withheld} of ${areas}) are withheld for this period, to protect small numbers, so the map says little at this level.`;
    notice.replaceChildren(text);
    if (above !== null) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button';
      button.id = 'show-level-above';
      const target = { level: above, kind: null };
      button.textContent = `Show by ${levelPhrase(target, this.#kinds)} instead`;
      button.addEventListener('click', () => void this.#show({ ...view, ...target }, 'push'));
      notice.append(button);
    }
    notice.hidden = false;
  }

  #select(code: string | null): void {
    this.#selected = code;
    this.#map?.select(code);
    this.#table.select(code);
    const shown = this.#shown;
    if (shown === null) {
      renderAreaDetails(this.#elements.details, { area: null, figure: null, unit: '', decimals: 0, periodLabel: '', colour: null });
      return;
    }
    const figure = code === null ? null : (shown.figures.get(code) ?? null);
    const name = code === null ? undefined : (shown.names.get(code) ?? figure?.name);
    const paint = code === null ? undefined : shown.paints.get(code);
    const category = code === null ? undefined : shown.categories.get(code);
    renderAreaDetails(this.#elements.details, {
      area: code === null || name === undefined ? null : { code, name },
      figure,
      unit: shown.indicator.unit,
      decimals: shown.decimals,
      periodLabel: shown.values.period.label,
      colour: paint?.suppressed ? WITHHELD_COLOUR : (paint?.colour ?? null),
      comparison: category === undefined ? null : CATEGORY_LABELS[category],
      kind: code === null ? null : (shown.about.get(code) ?? null),
    });
    this.#elements.details.classList.toggle('has-area', code !== null && name !== undefined);
    if (code !== null && name !== undefined) {
      // On a phone the details are a sheet over the bottom of the map; this closes it.
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'button details-close';
      close.textContent = 'Close';
      close.setAttribute('aria-label', `Close the details of ${name}`);
      close.addEventListener('click', () => this.#select(null));
      this.#elements.details.prepend(close);
      const links = document.createElement('p');
      links.className = 'details-links';
      const profile = document.createElement('a');
      profile.href = `/areas/${encodeURIComponent(code)}`;
      profile.textContent = `Profile of ${name}`;
      const trend = document.createElement('a');
      trend.href = `/indicators/${encodeURIComponent(shown.indicator.id)}?area=${encodeURIComponent(code)}`;
      trend.textContent = `${shown.indicator.title} over time`;
      links.append(profile, ' · ', trend);
      this.#elements.details.append(links);
    }
  }

  #describe(code: string, name: string): string {
    const shown = this.#shown;
    if (shown === null) return name;
    const category = shown.categories.get(code);
    const comparison = category === undefined ? '' : ` (${CATEGORY_LABELS[category].toLowerCase()})`;
    return `${name}: ${describeValue(shown.figures.get(code), shown.indicator.unit, shown.decimals)}${comparison}`;
  }

  #fail(error: unknown): void {
    document.body.dataset.mapState = 'error';
    setPageState('error');
    this.#elements.map.removeAttribute('aria-busy');
    this.#elements.status.textContent = '';
    this.#elements.error.textContent = messageOf(error);
    this.#elements.error.hidden = false;
    console.error(error);
  }
}
