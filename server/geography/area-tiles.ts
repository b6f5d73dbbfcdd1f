/**
 * Vector tiles of a level's boundaries, for maps of more areas than a browser can take as one GeoJSON
 * document (all 35,672 LSOAs of England and Wales are 50 MB of GeoJSON). Once per indicator build, the
 * level's stored boundaries are cut into a tile index (geojson-vt: simplified for each zoom, so a tile
 * of the whole country carries only what its pixels can show); each tile is then encoded as a Mapbox
 * vector tile (protobuf) when first asked for, and the build cache keeps its bytes with an ETag.
 * Each feature carries its GSS code (MapLibre's feature id, for feature state) and name.
 */
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { bbox, pointOnFeature } from '@turf/turf';
import type { Database } from '../../pipeline/db/database.ts';
import { latestBuildId } from '../../pipeline/indicators/published-figures.ts';
import { areaGeometries } from '../../pipeline/reference/area-geometry.ts';
import type { AreaIndex } from '../contract/index.ts';
import { AREA_TILE_LAYER, AREA_TILE_MAX_ZOOM, Geometry } from '../contract/index.ts';
const EXTENT = 4096;

type LevelTiles = { build: number; index: GeoJSONVT; areaIndex: AreaIndex };

/** The tile index and the area index of each level, made once per build and shared by all requests. */
export class AreaTiles {
  readonly #levels = new Map<string, Promise<LevelTiles>>();

  constructor(private readonly db: Database) {}

  /** The encoded tile z/x/y of `level`, or null when no area reaches into it. */
  async tile(level: string, z: number, x: number, y: number): Promise<Uint8Array | null> {
    const { index } = await this.#level(level);
    const tile = index.getTile(z, x, y);
    if (tile === null || tile.features.length === 0) return null;
    return fromGeojsonVt({ [AREA_TILE_LAYER]: tile }, { version: 2, extent: EXTENT });
  }

  /** Every area of `level` with its name, a point inside it for a label, and the bounds of them all. */
  async areaIndex(level: string): Promise<AreaIndex> {
    return (await this.#level(level)).areaIndex;
  }

  async #level(level: string): Promise<LevelTiles> {
    const build = await latestBuildId(this.db);
    const known = this.#levels.get(level);
    if (known !== undefined) {
      const made = await known;
      if (made.build === build) return made;
    }
    const making = this.#make(level, build);
    this.#levels.set(level, making);
    making.catch(() => this.#levels.delete(level));
    return making;
  }

  async #make(level: string, build: number): Promise<LevelTiles> {
    const rows = await areaGeometries(this.db, level);
    const features = rows.map((r) => ({
      type: 'Feature' as const,
      properties: { code: r.code, name: r.name },
      geometry: Geometry.parse(JSON.parse(r.geometry)),
    }));
    const collection = { type: 'FeatureCollection' as const, features };
    // No promoteId here: a tile's feature id must be a number; MapLibre promotes the code property itself.
    const index = new GeoJSONVT(collection, { maxZoom: AREA_TILE_MAX_ZOOM, indexMaxZoom: 5, tolerance: 3, extent: EXTENT, buffer: 64 });
    const areas = features.map((f) => ({ code: f.properties.code, name: f.properties.name, label: labelOf(f) }));
    const bounds = features.length === 0 ? null : (bbox(collection) as [number, number, number, number]);
    return { build, index, areaIndex: { level, bounds, areas } };
  }
}

/** A point inside the area, for its name on the map. */
function labelOf(feature: { type: 'Feature'; properties: object; geometry: Geometry }): [number, number] | null {
  const [x, y] = pointOnFeature(feature).geometry.coordinates;
  return x === undefined || y === undefined ? null : [x, y];
}
