/**
 * The map page: reads the view from the URL, loads the indicator's figures
 * and the level's geometry, and shows them on the map, in the legend, in the
 * selected-area panel and in the table. Every render ends by setting
 * `document.body.dataset.mapState` to `ready` (or `error`) and, on the map
 * container, `data-rendered-areas` to the number of areas drawn with a value.
 */
import { ApiError } from '../api/client.ts';
import type { ApiClient, AreaCollection, AreaFigure, DefaultView, Indicator, IndicatorValues } from '../api/client.ts';
import { ChoroplethMap } from '../map/choropleth-map.ts';
import { quantileBreaks } from '../map/classify.ts';
import { colourOf, coloursForClasses } from '../map/colour-scale.ts';
import { legendModel, renderLegend } from '../map/legend.ts';
import { FiguresTable, decimalsForFigures } from '../table/figures-table.ts';
import { describeValue, renderAreaDetails } from './area-details.ts';
import { fillIndicatorOptions, showViewInControls } from './controls.ts';
import type { ControlElements } from './controls.ts';
import { LEVEL_PHRASES, readViewFromQuery, resolveView, viewToQuery } from './view-state.ts';
import type { MapLevel, RequestedView, ViewState } from './view-state.ts';

export const CLASS_COUNT = 5;

export interface MapPageElements {
  controls: ControlElements;
  status: HTMLElement;
  error: HTMLElement;
  title: HTMLElement;
  description: HTMLElement;
  sources: HTMLElement;
  /** Shows why an indicator's figures are withdrawn, when they are. */
  notice: HTMLElement;
  map: HTMLElement;
  legend: HTMLElement;
  details: HTMLElement;
  table: HTMLElement;
}

interface Shown {
  view: ViewState;
  indicator: Indicator;
  values: IndicatorValues;
  names: Map<string, string>;
  figures: Map<string, AreaFigure>;
  breaks: number[];
  colours: string[];
  decimals: number;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return `Something went wrong: ${error.message}`;
  return 'Something went wrong.';
}

export class MapPage {
  readonly #api: ApiClient;
  readonly #elements: MapPageElements;
  readonly #table: FiguresTable;
  readonly #geometry = new Map<MapLevel, Promise<AreaCollection>>();
  #indicators: Indicator[] = [];
  #defaultView: DefaultView | null = null;
  #map: ChoroplethMap | null = null;
  #shown: Shown | null = null;
  #selected: string | null = null;
  #renderCount = 0;

  constructor(api: ApiClient, elements: MapPageElements) {
    this.#api = api;
    this.#elements = elements;
    this.#table = new FiguresTable(elements.table, { onSelect: (code) => this.#select(code) });
  }

  async start(): Promise<void> {
    document.body.dataset.mapState = 'loading';
    try {
      const catalogue = await this.#api.indicators();
      this.#indicators = catalogue.indicators;
      this.#defaultView = catalogue.defaultView ?? null;
    } catch (error) {
      this.#fail(error);
      return;
    }
    fillIndicatorOptions(this.#elements.controls.indicator, this.#indicators);
    this.#wireControls();
    try {
      this.#map = await ChoroplethMap.create(this.#elements.map, 'Map of the selected indicator', {
        onSelect: (code) => this.#select(code),
        describe: (code, name) => this.#describe(code, name),
      });
    } catch (error) {
      this.#elements.map.classList.add('map-unavailable');
      this.#elements.map.textContent =
        'The map cannot be drawn in this browser (it needs WebGL). The table below has the same figures.';
      console.error(error);
    }
    await this.#show(readViewFromQuery(window.location.search), 'replace');
  }

  #wireControls(): void {
    const { indicator, level, period } = this.#elements.controls;
    const current = (): RequestedView => ({ ...this.#shown?.view });
    indicator.addEventListener('change', () => void this.#show({ ...current(), indicator: indicator.value }, 'push'));
    level.addEventListener('change', () => void this.#show({ ...current(), level: level.value as MapLevel }, 'push'));
    period.addEventListener('change', () => void this.#show({ ...current(), period: period.value }, 'push'));
    window.addEventListener('popstate', () => void this.#show(readViewFromQuery(window.location.search), 'none'));
  }

  async #show(requested: RequestedView, history: 'push' | 'replace' | 'none'): Promise<void> {
    const view = resolveView(this.#indicators, requested, this.#defaultView);
    if (view === null) {
      this.#fail(new Error('no indicator can be shown on the map yet.'));
      return;
    }
    const indicator = this.#indicators.find((candidate) => candidate.id === view.indicator) as Indicator;
    const query = viewToQuery(view);
    if (history === 'push' && query !== window.location.search) window.history.pushState(null, '', query);
    if (history === 'replace') window.history.replaceState(null, '', query);
    showViewInControls(this.#elements.controls, indicator, view);

    const renderId = ++this.#renderCount;
    document.body.dataset.mapState = 'loading';
    this.#elements.map.setAttribute('aria-busy', 'true');
    this.#elements.status.textContent = `Loading ${indicator.title}…`;
    this.#elements.error.hidden = true;
    try {
      const [geometry, values] = await Promise.all([
        this.#geometryOf(view.level),
        this.#api.values(view.indicator, view.level, view.period),
      ]);
      if (renderId !== this.#renderCount) return;
      this.#render(view, indicator, geometry, values);
      await this.#map?.whenRendered();
      if (renderId !== this.#renderCount) return;
      this.#elements.map.removeAttribute('aria-busy');
      document.body.dataset.mapState = 'ready';
    } catch (error) {
      if (renderId === this.#renderCount) {
        this.#clearFigures(view, indicator);
        this.#fail(error);
      }
    }
  }

  /** After a failed load, show no figures rather than the previous view's. */
  #clearFigures(view: ViewState, indicator: Indicator): void {
    this.#shown = null;
    this.#select(null);
    this.#elements.title.textContent = indicator.title;
    this.#elements.legend.replaceChildren();
    this.#elements.map.dataset.renderedAreas = '0';
    if (this.#map?.hasLevel(view.level)) this.#map.showFigures({ level: view.level, figures: [], breaks: [], colours: ['#f4f4f4'] });
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

  #render(view: ViewState, indicator: Indicator, geometry: AreaCollection, values: IndicatorValues): void {
    const names = new Map(geometry.features.map((feature) => [feature.properties.code, feature.properties.name]));
    const figures = new Map(values.values.map((figure) => [figure.area, figure]));
    const mapped = values.values.filter((figure) => names.has(figure.area));
    const numbers = mapped.map((figure) => (figure.suppressed ? null : figure.value));
    const breaks = quantileBreaks(numbers, CLASS_COUNT);
    const colours = coloursForClasses(breaks.length + 1);
    const decimals = decimalsForFigures(values.values);
    this.#shown = { view, indicator, values, names, figures, breaks, colours, decimals };

    const levelPhrase = LEVEL_PHRASES[view.level];
    const periodLabel = values.period.label;
    this.#elements.title.textContent = `${indicator.title}, ${periodLabel}`;
    this.#elements.description.textContent = indicator.shortDescription;
    this.#elements.sources.textContent =
      indicator.sources.length === 0
        ? ''
        : `Source: ${indicator.sources.map((source) => `${source.partnerName ?? source.partner}, ${source.datasetTitle ?? source.dataset}`).join('; ')}`;
    this.#elements.notice.textContent = indicator.withdrawn ? `These figures are withheld: ${indicator.withdrawn}` : '';
    this.#elements.notice.hidden = !indicator.withdrawn;

    let withValue = 0;
    if (this.#map !== null) {
      if (!this.#map.hasLevel(view.level)) this.#map.addLevel(view.level, geometry);
      withValue = this.#map.showFigures({ level: view.level, figures: mapped, breaks, colours });
      this.#map.setLabel(
        `Map of ${indicator.title} by ${levelPhrase}, ${periodLabel}. The table of figures below gives the same figures.`,
      );
    } else {
      withValue = mapped.filter((figure) => !figure.suppressed && figure.value !== null).length;
    }
    this.#elements.map.dataset.renderedAreas = String(withValue);
    this.#elements.map.dataset.levelAreas = String(names.size);

    const withheldCount = mapped.filter((figure) => figure.suppressed).length;
    renderLegend(
      this.#elements.legend,
      legendModel({
        breaks,
        colours,
        values: numbers,
        decimals,
        unit: indicator.unit,
        polarity: indicator.polarity,
        withheldCount,
        noDataCount: names.size - withValue - withheldCount,
      }),
    );
    this.#table.show({
      caption: `${indicator.title} (${indicator.unit}) by ${levelPhrase}, ${periodLabel}`,
      unit: indicator.unit,
      figures: values.values,
      decimals,
    });
    if (this.#selected !== null && !names.has(this.#selected)) this.#selected = null;
    this.#select(this.#selected);
    const withheldText = withheldCount > 0 ? `, ${withheldCount} withheld` : '';
    this.#elements.status.textContent = `Showing ${values.values.length} areas (${withValue} with a value${withheldText}).`;
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
    renderAreaDetails(this.#elements.details, {
      area: code === null || name === undefined ? null : { code, name },
      figure,
      unit: shown.indicator.unit,
      decimals: shown.decimals,
      periodLabel: shown.values.period.label,
      colour: figure === null ? null : colourOf(figure, shown.breaks, shown.colours),
    });
  }

  #describe(code: string, name: string): string {
    const shown = this.#shown;
    if (shown === null) return name;
    return `${name}: ${describeValue(shown.figures.get(code), shown.indicator.unit, shown.decimals)}`;
  }

  #fail(error: unknown): void {
    document.body.dataset.mapState = 'error';
    this.#elements.map.removeAttribute('aria-busy');
    this.#elements.status.textContent = '';
    this.#elements.error.textContent = messageOf(error);
    this.#elements.error.hidden = false;
    console.error(error);
  }
}
