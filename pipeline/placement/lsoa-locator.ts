import Flatbush from 'flatbush';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

export type AreaPolygon = { code: string; geometry: Polygon | MultiPolygon };

function bboxOf(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x === undefined || y === undefined) continue;
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** A point already located: its latitude, its LSOA, and the next point cached at the same longitude. */
type CachedPoint = { latitude: number; code: string | null; next: CachedPoint | undefined };

/**
 * Finds the LSOA containing a WGS84 point: a flatbush index over polygon
 * bounding boxes narrows the candidates, then an exact point-in-polygon test.
 * Results are cached per distinct point, because police points are snapped to
 * a limited set of locations and most rows repeat one already seen.
 */
export class LsoaLocator {
  private readonly index: Flatbush;
  private readonly features: Feature<Polygon | MultiPolygon>[];
  private readonly codes: string[];
  /**
   * Longitude → the points seen at it, as a short chain. Keyed by the numbers themselves (building a
   * string key per lookup cost more than the search), and one small object per point rather than a
   * Map per longitude: most longitudes hold one point, and a Map each was most of the cost of a
   * first look at many points.
   */
  private readonly cache = new Map<number, CachedPoint>();
  private cached = 0;
  private static readonly CACHE_LIMIT = 2_000_000;

  constructor(areas: readonly AreaPolygon[]) {
    this.index = new Flatbush(Math.max(areas.length, 1));
    this.features = [];
    this.codes = [];
    for (const area of areas) {
      const [minX, minY, maxX, maxY] = bboxOf(area.geometry);
      this.index.add(minX, minY, maxX, maxY);
      this.features.push({ type: 'Feature', properties: {}, geometry: area.geometry });
      this.codes.push(area.code);
    }
    if (areas.length === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }

  /** The code of the polygon containing the point, or null when none does. */
  locate(longitude: number, latitude: number): string | null {
    for (let point = this.cache.get(longitude); point !== undefined; point = point.next) if (point.latitude === latitude) return point.code;
    let found: string | null = null;
    for (const i of this.index.search(longitude, latitude, longitude, latitude)) {
      const feature = this.features[i];
      if (feature && booleanPointInPolygon([longitude, latitude], feature)) {
        found = this.codes[i] ?? null;
        break;
      }
    }
    // Bounded so that files of unsnapped points (fire, council) cannot grow it without limit.
    if (this.cached >= LsoaLocator.CACHE_LIMIT) {
      this.cache.clear();
      this.cached = 0;
    }
    this.cache.set(longitude, { latitude, code: found, next: this.cache.get(longitude) });
    this.cached++;
    return found;
  }
}
