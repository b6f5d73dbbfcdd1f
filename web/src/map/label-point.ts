/**
 * Where to put an area's name on the map: the area-weighted centroid of its
 * largest polygon's outer ring, which for the compact shapes of wards and
 * districts falls inside them (a pole of inaccessibility would be safer for
 * crescent shapes, but is not needed for labels that only orient the reader).
 */
import type { AreaCollection } from '../api/client.ts';

type Ring = ReadonlyArray<ReadonlyArray<number>>;
type Feature = AreaCollection['features'][number];

/** Signed area and centroid of a closed ring (shoelace formula); null when degenerate. */
export function ringCentroid(ring: Ring): { area: number; x: number; y: number } | null {
  let twiceArea = 0;
  let x = 0;
  let y = 0;
  for (let index = 0; index + 1 < ring.length; index += 1) {
    const [x0 = 0, y0 = 0] = ring[index] as number[];
    const [x1 = 0, y1 = 0] = ring[index + 1] as number[];
    const cross = x0 * y1 - x1 * y0;
    twiceArea += cross;
    x += (x0 + x1) * cross;
    y += (y0 + y1) * cross;
  }
  if (twiceArea === 0) return null;
  return { area: Math.abs(twiceArea / 2), x: x / (3 * twiceArea), y: y / (3 * twiceArea) };
}

/** The [longitude, latitude] to label `feature` at, or null for an empty geometry. */
export function labelPoint(feature: Feature): [number, number] | null {
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  let best: { area: number; x: number; y: number } | null = null;
  for (const polygon of polygons) {
    const outer = polygon[0];
    if (outer === undefined) continue;
    const centroid = ringCentroid(outer);
    if (centroid !== null && (best === null || centroid.area > best.area)) best = centroid;
  }
  return best === null ? null : [best.x, best.y];
}
