/**
 * The choropleth: a MapLibre map on a plain background (no tiles, fonts or
 * sprites), or on the partnership's basemap style when its settings name one
 * (then the areas are a little see-through), one GeoJSON source per level (per kind, for localities) loaded once with `promoteId: 'code'`,
 * and each area's colour set as feature state under one constant paint
 * expression, so switching indicator, level, mode or period changes feature
 * state and layer visibility only. Ward and district outlines and names
 * (HTML labels: the map loads no font) are drawn over every level for context,
 * with a scale bar.
 */
import { Map as MapLibreMap, Marker, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import type { ExpressionSpecification, MapLayerMouseEvent, StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { AreaCollection } from '../api/client.ts';
import { boundsOf } from './bounds.ts';
import { fillColourExpression } from './colour-scale.ts';
import { labelPoint } from './label-point.ts';
import { WITHHELD_HATCH_IMAGE, withheldHatchPixels } from './withheld-hatch.ts';

setWorkerUrl(workerUrl);

const BACKGROUND_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#dfe6ec' } }],
};

/** How opaque the areas are over a basemap, so that its streets and places show through. */
const FILL_OPACITY_OVER_BASEMAP = 0.75;

/**
 * A set of areas drawn together, with its own source and layers: a level
 * (`lsoa`, `ward`, `lad`) or one kind of locality (`locality:<kind>`), since
 * localities of different kinds overlap and are never drawn together.
 */
export type AreaLayer = string;

/** Finer areas get thinner outlines; a locality's sit between a ward's and a district's. */
function outlineWidth(layer: AreaLayer): number {
  if (layer === 'lsoa') return 0.6;
  if (layer === 'lad') return 1.6;
  return layer.startsWith('locality') ? 1.3 : 1;
}

const sourceId = (level: AreaLayer): string => `areas-${level}`;
const layerIds = (level: AreaLayer) => ({
  fill: `${level}-fill`,
  withheld: `${level}-withheld`,
  outline: `${level}-outline`,
  highlight: `${level}-highlight`,
});

const isSuppressed: ExpressionSpecification = ['boolean', ['feature-state', 'suppressed'], false];
const isSelected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
const isHovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];

export interface ChoroplethMapOptions {
  /** Called when the user clicks an area. */
  onSelect(areaCode: string): void;
  /** The tooltip text for an area under the pointer. */
  describe(areaCode: string, areaName: string): string;
}

/** One area as the map paints it: its colour, or withheld (hatched), or neither (no data). */
export interface AreaPaint {
  area: string;
  colour: string | null;
  suppressed: boolean;
}

export interface FiguresOnMap {
  level: AreaLayer;
  areas: readonly AreaPaint[];
}

/** The context drawn over every level: the ward and district outlines and names. */
export interface MapContext {
  wards: AreaCollection;
  districts: AreaCollection;
}

/** Ward names appear from this zoom (the pilot opens at about 10.5, where they would crowd). */
const WARD_LABEL_MIN_ZOOM = 11.5;
const CONTEXT_LAYERS = ['context-ward-outline', 'context-district-outline'] as const;

export class ChoroplethMap {
  readonly #map: MapLibreMap;
  readonly #container: HTMLElement;
  readonly #tooltip: HTMLElement;
  readonly #options: ChoroplethMapOptions;
  readonly #codes = new Map<AreaLayer, Set<string>>();
  readonly #stateCodes = new Map<AreaLayer, Set<string>>();
  readonly #wardLabels: Marker[] = [];
  #contextAdded = false;
  #level: AreaLayer | null = null;
  #hovered: string | null = null;
  #selected: string | null = null;
  #fitted = false;
  readonly #fillOpacity: number;

  private constructor(map: MapLibreMap, container: HTMLElement, options: ChoroplethMapOptions, fillOpacity: number) {
    this.#map = map;
    this.#fillOpacity = fillOpacity;
    this.#container = container;
    this.#options = options;
    this.#tooltip = document.createElement('div');
    this.#tooltip.className = 'map-tooltip';
    this.#tooltip.setAttribute('aria-hidden', 'true');
    this.#tooltip.hidden = true;
    container.append(this.#tooltip);
  }

  /**
   * A map in `container`, resolved once its style has loaded, on `basemapStyleUrl` when given (a
   * basemap that cannot be loaded is reported and the plain background used). Throws without WebGL.
   */
  static async create(container: HTMLElement, label: string, options: ChoroplethMapOptions, basemapStyleUrl: string | null = null): Promise<ChoroplethMap> {
    const map = new MapLibreMap({
      container,
      style: basemapStyleUrl ?? BACKGROUND_STYLE,
      // A basemap's sources carry their own attribution, which must be shown.
      attributionControl: basemapStyleUrl === null ? false : { compact: true },
      maplibreLogo: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      renderWorldCopies: false,
      fadeDuration: 0,
      locale: { 'Map.Title': label },
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
    const loaded = map.once('load');
    if (basemapStyleUrl !== null) {
      // An error before the style has loaded is the basemap's own (unreachable, not a style): draw without it.
      const onStyleError = (event: { error: { message: string } }): void => {
        if (map.isStyleLoaded()) return;
        console.warn(`The basemap style ${basemapStyleUrl} could not be loaded; the map is drawn without it.`, event.error);
        map.off('error', onStyleError);
        map.setStyle(BACKGROUND_STYLE);
      };
      map.on('error', onStyleError);
      await loaded;
      map.off('error', onStyleError);
    } else {
      await loaded;
    }
    map.addImage(WITHHELD_HATCH_IMAGE, withheldHatchPixels(), { pixelRatio: 2 });
    return new ChoroplethMap(map, container, options, basemapStyleUrl === null ? 1 : FILL_OPACITY_OVER_BASEMAP);
  }

  /** Update the accessible name of the map canvas. */
  setLabel(label: string): void {
    this.#container.setAttribute('aria-label', label);
    this.#map.getCanvas().setAttribute('aria-label', label);
  }

  /** Whether the geometry of `level` has been added. */
  hasLevel(level: AreaLayer): boolean {
    return this.#codes.has(level);
  }

  /** How many areas the level's geometry has. */
  areaCount(level: AreaLayer): number {
    return this.#codes.get(level)?.size ?? 0;
  }

  /** Draw ward and district outlines and names over the areas (once). */
  addContext(context: MapContext): void {
    if (this.#contextAdded) return;
    this.#contextAdded = true;
    this.#map.addSource('context-wards', { type: 'geojson', data: context.wards });
    this.#map.addSource('context-districts', { type: 'geojson', data: context.districts });
    this.#map.addLayer({
      id: 'context-ward-outline',
      type: 'line',
      source: 'context-wards',
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#3d4852', 'line-width': 0.9, 'line-dasharray': [3, 2] },
    });
    this.#map.addLayer({
      id: 'context-district-outline',
      type: 'line',
      source: 'context-districts',
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#111111', 'line-width': 2.4 },
    });
    for (const feature of context.districts.features) this.#label(feature, 'map-label map-label-district');
    for (const feature of context.wards.features) {
      const marker = this.#label(feature, 'map-label map-label-ward');
      if (marker !== null) this.#wardLabels.push(marker);
    }
    const showWardNames = (): void => {
      const visible = this.#map.getZoom() >= WARD_LABEL_MIN_ZOOM;
      for (const marker of this.#wardLabels) marker.getElement().hidden = !visible;
    };
    this.#map.on('zoomend', showWardNames);
    showWardNames();
  }

  #label(feature: AreaCollection['features'][number], className: string): Marker | null {
    const point = labelPoint(feature);
    if (point === null) return null;
    const element = document.createElement('div');
    element.className = className;
    element.textContent = feature.properties.name;
    // The names are context for sighted readers; the table names every area for everyone.
    element.setAttribute('aria-hidden', 'true');
    return new Marker({ element, anchor: 'center' }).setLngLat(point).addTo(this.#map);
  }

  /** Add the geometry of `level` (once), under the context outlines; the map is fitted to the first level added. */
  addLevel(level: AreaLayer, geometry: AreaCollection): void {
    if (this.#codes.has(level)) return;
    this.#codes.set(level, new Set(geometry.features.map((feature) => feature.properties.code)));
    const source = sourceId(level);
    const layers = layerIds(level);
    const under = CONTEXT_LAYERS.find((id) => this.#map.getLayer(id) !== undefined);
    this.#map.addSource(source, { type: 'geojson', data: geometry, promoteId: 'code' });
    this.#map.addLayer(
      {
        id: layers.fill,
        type: 'fill',
        source,
        layout: { visibility: 'none' },
        paint: { 'fill-color': fillColourExpression(), 'fill-opacity': this.#fillOpacity },
      },
      under,
    );
    this.#map.addLayer(
      {
        id: layers.withheld,
        type: 'fill',
        source,
        layout: { visibility: 'none' },
        paint: { 'fill-pattern': WITHHELD_HATCH_IMAGE, 'fill-opacity': ['case', isSuppressed, 1, 0] },
      },
      under,
    );
    this.#map.addLayer(
      {
        id: layers.outline,
        type: 'line',
        source,
        layout: { visibility: 'none', 'line-join': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': outlineWidth(level) },
      },
      under,
    );
    this.#map.addLayer({
      id: layers.highlight,
      type: 'line',
      source,
      layout: { visibility: 'none', 'line-join': 'round' },
      paint: {
        'line-color': ['case', isSelected, '#000000', isHovered, '#1f1f1f', 'rgba(0,0,0,0)'],
        'line-width': ['case', isSelected, 3.5, isHovered, 2.5, 0],
      },
    });
    this.#map.on('mousemove', layers.fill, (event) => this.#onHover(level, event));
    this.#map.on('mouseleave', layers.fill, () => this.#clearHover());
    this.#map.on('click', layers.fill, (event) => {
      const code = event.features?.[0]?.properties['code'];
      if (typeof code === 'string') this.#options.onSelect(code);
    });
    if (!this.#fitted) {
      const bounds = boundsOf(geometry);
      if (bounds !== null) this.#map.fitBounds(bounds, { padding: 24, duration: 0 });
      this.#fitted = true;
    }
  }

  /**
   * Show `level` painted as `areas` say: set each area's `colour` and
   * `suppressed` feature state and remove state left from the previous view
   * key by key. Returns the number of areas on the map given a colour.
   */
  showFigures({ level, areas }: FiguresOnMap): number {
    const codes = this.#codes.get(level);
    if (codes === undefined) throw new Error(`Geometry for ${level} has not been added`);
    if (this.#level !== level) this.#switchLevel(level);
    const source = sourceId(level);
    const previous = this.#stateCodes.get(level) ?? new Set<string>();
    const next = new Set<string>();
    let withValue = 0;
    for (const paint of areas) {
      if (!codes.has(paint.area)) continue;
      const target = { source, id: paint.area };
      next.add(paint.area);
      if (paint.suppressed) {
        this.#map.removeFeatureState(target, 'colour');
        this.#map.setFeatureState(target, { suppressed: true });
      } else if (paint.colour === null) {
        this.#map.removeFeatureState(target, 'colour');
        this.#map.removeFeatureState(target, 'suppressed');
      } else {
        this.#map.setFeatureState(target, { colour: paint.colour, suppressed: false });
        withValue += 1;
      }
    }
    for (const code of previous) {
      if (next.has(code)) continue;
      this.#map.removeFeatureState({ source, id: code }, 'colour');
      this.#map.removeFeatureState({ source, id: code }, 'suppressed');
    }
    this.#stateCodes.set(level, next);
    return withValue;
  }

  /** Outline `areaCode` as the selected area (null to clear). */
  select(areaCode: string | null): void {
    const level = this.#level;
    if (level === null) return;
    if (this.#selected !== null) this.#map.removeFeatureState({ source: sourceId(level), id: this.#selected }, 'selected');
    this.#selected = areaCode !== null && this.#codes.get(level)?.has(areaCode) ? areaCode : null;
    if (this.#selected !== null) this.#map.setFeatureState({ source: sourceId(level), id: this.#selected }, { selected: true });
  }

  /** Resolves when the map has drawn everything asked of it so far. */
  async whenRendered(): Promise<void> {
    const idle = this.#map.once('idle');
    this.#map.triggerRepaint();
    await idle;
  }

  /** The element the map was created in. */
  get container(): HTMLElement {
    return this.#container;
  }

  #switchLevel(level: AreaLayer): void {
    this.#clearHover();
    if (this.#level !== null && this.#selected !== null) {
      this.#map.removeFeatureState({ source: sourceId(this.#level), id: this.#selected }, 'selected');
    }
    this.#selected = null;
    for (const other of this.#codes.keys()) {
      const visibility = other === level ? 'visible' : 'none';
      for (const layer of Object.values(layerIds(other))) this.#map.setLayoutProperty(layer, 'visibility', visibility);
    }
    this.#level = level;
  }

  #onHover(level: AreaLayer, event: MapLayerMouseEvent): void {
    const feature = event.features?.[0];
    const code = feature?.properties['code'];
    const name = feature?.properties['name'];
    if (typeof code !== 'string') return;
    if (this.#hovered !== code) {
      this.#clearHover();
      this.#hovered = code;
      this.#map.setFeatureState({ source: sourceId(level), id: code }, { hover: true });
    }
    this.#map.getCanvas().style.cursor = 'pointer';
    this.#tooltip.textContent = this.#options.describe(code, typeof name === 'string' ? name : code);
    this.#tooltip.style.transform = `translate(${event.point.x + 14}px, ${event.point.y + 14}px)`;
    this.#tooltip.hidden = false;
  }

  #clearHover(): void {
    if (this.#hovered !== null && this.#level !== null) {
      this.#map.removeFeatureState({ source: sourceId(this.#level), id: this.#hovered }, 'hover');
    }
    this.#hovered = null;
    this.#tooltip.hidden = true;
    this.#map.getCanvas().style.cursor = '';
  }
}
