/**
 * Boundary loading, point-in-polygon sampling and British National Grid conversion
 * shared by the reference derivation and the extract generator.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import proj4 from 'proj4';
import { z } from 'zod';
import type { Rng } from './rng.ts';

const position = z.array(z.number()).min(2);
const ring = z.array(position);
const polygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) });
const multiPolygonGeometry = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) });
const areaFeature = z.object({
  type: z.literal('Feature'),
  properties: z.record(z.string(), z.unknown()),
  geometry: z.discriminatedUnion('type', [polygonGeometry, multiPolygonGeometry]),
});
const areaCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(areaFeature) });

export type AreaFeature = z.infer<typeof areaFeature>;
export type AreaGeometry = AreaFeature['geometry'];
/** Polygons as arrays of rings of [lon, lat] pairs (a Polygon is a one-element list). */
export type Rings = number[][][];

/** Reads a GeoJSON FeatureCollection of (Multi)Polygons, gunzipping `.gz` files, validated with zod. */
export function readAreaCollection(path: string): AreaFeature[] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return areaCollection.parse(JSON.parse(text)).features;
}

/** Reads a string property, failing loudly when a boundary file lacks the expected code or name. */
export function stringProp(feature: AreaFeature, ...names: string[]): string {
  for (const name of names) {
    const value = feature.properties[name];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  throw new Error(`feature has none of the properties ${names.join(', ')}`);
}

/** Normalises a geometry to a list of polygons (each a list of rings). */
export function polygonsOf(geometry: AreaGeometry): Rings[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** An area ready for fast sampling: its polygons and bounding box. */
export interface SamplingArea {
  code: string;
  polygons: Rings[];
  bbox: [number, number, number, number];
}

/** Builds a sampling area (bbox computed once so rejection sampling is cheap). */
export function toSamplingArea(code: string, geometry: AreaGeometry): SamplingArea {
  const polygons = polygonsOf(geometry);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygons) {
    for (const pt of polygon[0] ?? []) {
      const x = pt[0] ?? 0;
      const y = pt[1] ?? 0;
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return { code, polygons, bbox: [minX, minY, maxX, maxY] };
}

/** Even-odd ray casting over every ring, so holes are handled without a separate pass. */
export function pointInPolygons(x: number, y: number, polygons: Rings[]): boolean {
  let inside = false;
  for (const polygon of polygons) {
    for (const r of polygon) {
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
        const a = r[i];
        const b = r[j];
        if (!a || !b) continue;
        const ax = a[0] ?? 0;
        const ay = a[1] ?? 0;
        const bx = b[0] ?? 0;
        const by = b[1] ?? 0;
        if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
      }
    }
  }
  return inside;
}

/** Draws a uniform random [lon, lat] inside the area by bbox rejection (falls back to the first vertex after many misses). */
export function randomPointIn(area: SamplingArea, rng: Rng): [number, number] {
  const [minX, minY, maxX, maxY] = area.bbox;
  for (let attempt = 0; attempt < 500; attempt++) {
    const x = minX + rng.next() * (maxX - minX);
    const y = minY + rng.next() * (maxY - minY);
    if (pointInPolygons(x, y, area.polygons)) return [x, y];
  }
  const first = area.polygons[0]?.[0]?.[0];
  return [first?.[0] ?? minX, first?.[1] ?? minY];
}

/** EPSG:27700 as the brief defines it (OSGB36 with the 7-parameter Helmert shift). */
export const BNG_DEF =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';
const toBng = proj4('EPSG:4326', BNG_DEF);

/** Converts WGS84 lon/lat to whole-metre BNG easting/northing, as fire and council systems export them. */
export function lonLatToBng(lon: number, lat: number): [number, number] {
  const [e, n] = toBng.forward([lon, lat]);
  return [Math.round(e ?? 0), Math.round(n ?? 0)];
}

/** Rounds every coordinate of a geometry to `dp` decimals (boundaries are generalised; more digits are noise). */
export function roundGeometry(geometry: AreaGeometry, dp: number): AreaGeometry {
  const f = 10 ** dp;
  const r = (rings: number[][]): number[][] => rings.map((p) => p.map((v) => Math.round(v * f) / f));
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map(r) };
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((poly) => poly.map(r)) };
}
