/** The bounding box of polygon geometry, for fitting the map to the data. */
import type { AreaCollection } from '../api/client.ts';

/** [west, south, east, north], or null when there are no coordinates. */
export type Bounds = [number, number, number, number];

function extend(bounds: Bounds | null, position: readonly number[]): Bounds | null {
  const [x, y] = position;
  if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) return bounds;
  if (bounds === null) return [x, y, x, y];
  return [Math.min(bounds[0], x), Math.min(bounds[1], y), Math.max(bounds[2], x), Math.max(bounds[3], y)];
}

export function boundsOf(collection: AreaCollection): Bounds | null {
  let bounds: Bounds | null = null;
  for (const feature of collection.features) {
    const rings = feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates.flat();
    for (const ring of rings) {
      for (const position of ring) bounds = extend(bounds, position);
    }
  }
  return bounds;
}
