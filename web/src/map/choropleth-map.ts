/**
 * The choropleth: a MapLibre map on a plain background (no tiles, fonts or
 * sprites), or on the partnership's basemap style when its settings name one
 * (then the areas are a little see-through), one source per level (per kind, for localities) loaded once with `promoteId: 'code'`
 * (GeoJSON, or for levels of thousands of areas the server's vector tiles, which carry only what each zoom can show),
 * and each area's colour set as feature state under one constant paint
 * expression, so switching indicator, level, mode or period changes feature
 * state and layer visibility only. Ward and district outlines and names
 * (HTML labels: the map loads no font) are drawn over every level for context,
 * with a scale bar.
 */
import { Map as MapLibreMap, Marker, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import type { ExpressionSpecification, MapLayerMouseEvent, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { AREA_TILE_LAYER, AREA_TILE_MAX_ZOOM } from '../../../server/contract/index.ts';
import type { AreaCollection } from '../api/client.ts';
import { boundsOf } from './bounds.ts';
import type { Bounds } from './bounds.ts';
import { fillColourExpression } from './colour-scale.ts';
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

/** How a level's boundaries reach the map: one GeoJSON document, or the server's vector tiles of it. */
export type LevelDrawing =
  | { kind: 'geojson'; collection: AreaCollection }
  | { kind: 'tiles'; url: string; codes: readonly string[]; bounds: Bounds | null };

/** A name drawn on the map at a point. */
export interface MapLabel {
  name: string;
  point: [number, number];
}

/** Outlines and names drawn over the areas for context. */
export interface ContextLayer {
  drawing: LevelDrawing;
  labels: readonly MapLabel[];
}

/** The context drawn over every level: the ward and district outlines and names. */
export interface MapContext {
  wards: ContextLayer;
  districts: ContextLayer;
}

/** Beyond this many ward names the map draws none: thousands of HTML labels would slow every frame. */
const MAX_WARD_LABELS = 1500;

/** The source of a drawing (features keyed by their code, for feature state) and the layer property naming its features. */
function sourceOf(drawing: LevelDrawing): { source: SourceSpecification; sourceLayer: { 'source-layer': string } | Record<string, never> } {
  if (drawing.kind === 'geojson') return { source: { type: 'geojson', data: drawing.collection, promoteId: 'code' }, sourceLayer: {} };
  return {
    source: { type: 'vector', tiles: [drawing.url], maxzoom: AREA_TILE_MAX_ZOOM, promoteId: 'code', ...(drawing.bounds === null ? {} : { bounds: drawing.bounds }) },
    sourceLayer: { 'source-layer': AREA_TILE_LAYER },
  };
}

function codesOf(drawing: LevelDrawing): readonly string[] {
  return drawing.kind === 'geojson' ? drawing.collection.features.map((feature) => feature.properties.code) : drawing.codes;
}

function drawingBounds(drawing: LevelDrawing): Bounds | null {
  return drawing.kind === 'geojson' ? boundsOf(drawing.collection) : drawing.bounds;
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
  /** The levels drawn from vector tiles, whose feature state names the tiles' layer. */
  readonly #tiled = new Set<AreaLayer>();
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
    const wards = sourceOf(context.wards.drawing);
    const districts = sourceOf(context.districts.drawing);
    this.#map.addSource('context-wards', wards.source);
    this.#map.addSource('context-districts', districts.source);
    this.#map.addLayer({
      id: 'context-ward-outline',
      type: 'line',
      source: 'context-wards',
      ...wards.sourceLayer,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#3d4852', 'line-width': 0.9, 'line-dasharray': [3, 2] },
    });
    this.#map.addLayer({
      id: 'context-district-outline',
      type: 'line',
      source: 'context-districts',
      ...districts.sourceLayer,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#111111', 'line-width': 2.4 },
    });
    for (const label of context.districts.labels) this.#label(label, 'map-label map-label-district');
    if (context.wards.labels.length <= MAX_WARD_LABELS) {
      for (const label of context.wards.labels) this.#wardLabels.push(this.#label(label, 'map-label map-label-ward'));
    }
    const showWardNames = (): void => {
      const visible = this.#map.getZoom() >= WARD_LABEL_MIN_ZOOM;
      for (const marker of this.#wardLabels) marker.getElement().hidden = !visible;
    };
    this.#map.on('zoomend', showWardNames);
    showWardNames();
  }

  #label(label: MapLabel, className: string): Marker {
    const element = document.createElement('div');
    element.className = className;
    element.textContent = label.name;
    // The names are context for sighted readers; the table names every area for everyone.
    element.setAttribute('aria-hidden', 'true');
    return new Marker({ element, anchor: 'center' }).setLngLat(label.point).addTo(this.#map);
  }

  /** Add the boundaries of `level` (once), under the context outlines; the map is fitted to the first level added. */
  addLevel(level: AreaLayer, drawing: LevelDrawing): void {
    if (this.#codes.has(level)) return;
    this.#codes.set(level, new Set(codesOf(drawing)));
    if (drawing.kind === 'tiles') this.#tiled.add(level);
    const source = sourceId(level);
    const layers = layerIds(level);
    const under = CONTEXT_LAYERS.find((id) => this.#map.getLayer(id) !== undefined);
    const { source: specification, sourceLayer } = sourceOf(drawing);
    this.#map.addSource(source, specification);
    this.#map.addLayer(
      {
        id: layers.fill,
        type: 'fill',
        source,
        ...sourceLayer,
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
        ...sourceLayer,
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
        ...sourceLayer,
        layout: { visibility: 'none', 'line-join': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': outlineWidth(level) },
      },
      under,
    );
    this.#map.addLayer({
      id: layers.highlight,
      type: 'line',
      source,
      ...sourceLayer,
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
      const bounds = drawingBounds(drawing);
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
    const previous = this.#stateCodes.get(level) ?? new Set<string>();
    const next = new Set<string>();
    let withValue = 0;
    for (const paint of areas) {
      if (!codes.has(paint.area)) continue;
      const target = this.#target(level, paint.area);
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
      this.#map.removeFeatureState(this.#target(level, code), 'colour');
      this.#map.removeFeatureState(this.#target(level, code), 'suppressed');
    }
    this.#stateCodes.set(level, next);
    return withValue;
  }

  /** Outline `areaCode` as the selected area (null to clear). */
  select(areaCode: string | null): void {
    const level = this.#level;
    if (level === null) return;
    if (this.#selected !== null) this.#map.removeFeatureState(this.#target(level, this.#selected), 'selected');
    this.#selected = areaCode !== null && this.#codes.get(level)?.has(areaCode) ? areaCode : null;
    if (this.#selected !== null) this.#map.setFeatureState(this.#target(level, this.#selected), { selected: true });
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

  #target(level: AreaLayer, id: string): { source: string; id: string; sourceLayer?: string } {
    return this.#tiled.has(level) ? { source: sourceId(level), id, sourceLayer: AREA_TILE_LAYER } : { source: sourceId(level), id };
  }

  #switchLevel(level: AreaLayer): void {
    this.#clearHover();
    if (this.#level !== null && this.#selected !== null) {
      this.#map.removeFeatureState(this.#target(this.#level, this.#selected), 'selected');
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
      this.#map.setFeatureState(this.#target(level, code), { hover: true });
    }
    this.#map.getCanvas().style.cursor = 'pointer';
    this.#tooltip.textContent = this.#options.describe(code, typeof name === 'string' ? name : code);
    this.#tooltip.style.transform = `translate(${event.point.x + 14}px, ${event.point.y + 14}px)`;
    this.#tooltip.hidden = false;
  }

  #clearHover(): void {
    if (this.#hovered !== null && this.#level !== null) {
      this.#map.removeFeatureState(this.#target(this.#level, this.#hovered), 'hover');
    }
    this.#hovered = null;
    this.#tooltip.hidden = true;
    this.#map.getCanvas().style.cursor = '';
  }
}
