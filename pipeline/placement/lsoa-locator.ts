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
  /** Longitude → latitude → code. Keyed by the numbers themselves: building a string key per lookup cost more than the search. */
  private readonly cache = new Map<number, Map<number, string | null>>();
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
    let byLatitude = this.cache.get(longitude);
    const cached = byLatitude?.get(latitude);
    if (cached !== undefined) return cached;
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
      byLatitude = undefined;
    }
    if (!byLatitude) {
      byLatitude = new Map();
      this.cache.set(longitude, byLatitude);
    }
    byLatitude.set(latitude, found);
    this.cached++;
    return found;
  }
}
