/**
 * A level's areas as the map page needs them: each area's code and name (and a locality's kind and
 * LSOAs), how the map draws their boundaries, and where to put their names. A level of up to
 * TILES_FROM_AREAS areas comes as one GeoJSON document; a larger one (all of England and Wales) as the
 * server's area index (names, label points, bounds: no boundaries) and its vector tiles, which MapLibre
 * fetches for the view only and which carry only what each zoom can show, so the page never parses
 * tens of megabytes of coordinates (README, Scale, has the measurements behind the choice).
 */
import type { ApiClient, AreaCollection } from '../api/client.ts';
import type { LevelDrawing, MapLabel } from './choropleth-map.ts';
import { labelPoint } from './label-point.ts';

/** Beyond this many areas a level is drawn from vector tiles. */
export const TILES_FROM_AREAS = 2000;

export interface LevelAreas {
  areas: AreaCollection['features'][number]['properties'][];
  drawing: LevelDrawing;
  labels: MapLabel[];
}

/** A GeoJSON document's areas, drawn from it, labelled inside each area's largest polygon. */
export function levelAreasOfCollection(collection: AreaCollection): LevelAreas {
  const labels: MapLabel[] = [];
  for (const feature of collection.features) {
    const point = labelPoint(feature);
    if (point !== null) labels.push({ name: feature.properties.name, point });
  }
  return { areas: collection.features.map((feature) => feature.properties), drawing: { kind: 'geojson', collection }, labels };
}

/**
 * The areas of a tiled level: from the area index and vector tiles when there are more than
 * TILES_FROM_AREAS of them (or always, with `alwaysTiles`), else from the level's GeoJSON.
 */
export async function loadLevelAreas(api: ApiClient, level: 'lsoa' | 'ward' | 'lad', alwaysTiles = false): Promise<LevelAreas> {
  const index = await api.areaIndex(level);
  if (!alwaysTiles && index.areas.length <= TILES_FROM_AREAS) return levelAreasOfCollection(await api.geography(level));
  const labels: MapLabel[] = [];
  for (const area of index.areas) if (area.label !== null) labels.push({ name: area.name, point: area.label });
  return {
    areas: index.areas.map(({ code, name }) => ({ code, name })),
    drawing: { kind: 'tiles', url: api.tileUrl(level), codes: index.areas.map((area) => area.code), bounds: index.bounds },
    labels,
  };
}
