import { readFileSync } from 'node:fs';
import { booleanPointInPolygon } from '@turf/turf';
import fc from 'fast-check';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { LsoaLocator, type AreaPolygon } from './lsoa-locator.ts';

const geojson = JSON.parse(
  readFileSync(new URL('../../datasets/chorley-south-ribble/geography/lsoa21.geojson', import.meta.url), 'utf8'),
) as FeatureCollection<Polygon | MultiPolygon, { code: string }>;
const areas: AreaPolygon[] = geojson.features.map((f) => ({ code: f.properties.code, geometry: f.geometry }));

/** The pilot's bounding box, from every vertex. */
const bbox = (() => {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { geometry } of areas) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const [x, y] of polygons.flat(2) as [number, number][]) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  return { minX, minY, maxX, maxY };
})();

/** Every LSOA whose polygon holds the point, by testing each polygon in turn: no index. */
function naiveLocate(longitude: number, latitude: number): string[] {
  return areas.filter((a) => booleanPointInPolygon([longitude, latitude], { type: 'Feature', properties: {}, geometry: a.geometry })).map((a) => a.code);
}

/** The locator's answer agrees with the naive loop: the (or a, on a shared edge) containing LSOA, or null when none. */
function expectAgreement(locator: LsoaLocator, longitude: number, latitude: number): string | null {
  const expected = naiveLocate(longitude, latitude);
  const found = locator.locate(longitude, latitude);
  if (expected.length === 0) expect(found).toBeNull();
  else expect(expected).toContain(found);
  return found;
}

describe('LsoaLocator over the pilot LSOAs', () => {
  const locator = new LsoaLocator(areas);

  it('has the 140 pilot LSOA 2021 polygons', () => {
    expect(areas).toHaveLength(140);
  });

  it('property: for random points in the pilot bounding box, agrees with a naive loop over every polygon', () => {
    let inside = 0;
    let outside = 0;
    fc.assert(
      fc.property(
        fc.double({ min: bbox.minX, max: bbox.maxX, noNaN: true }),
        fc.double({ min: bbox.minY, max: bbox.maxY, noNaN: true }),
        (longitude, latitude) => {
          if (expectAgreement(locator, longitude, latitude) === null) outside++;
          else inside++;
        },
      ),
      { numRuns: 600 },
    );
    // The bounding box holds both kinds of point, so both branches were exercised.
    expect(inside).toBeGreaterThan(100);
    expect(outside).toBeGreaterThan(10);
  });

  it('property: points a few metres from a polygon vertex, where neighbouring boxes overlap, agree with the naive loop', () => {
    const vertices = areas.flatMap((a) => (a.geometry.type === 'Polygon' ? a.geometry.coordinates[0]! : a.geometry.coordinates.flatMap((p) => p[0]!)));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: vertices.length - 1 }),
        fc.double({ min: -0.0001, max: 0.0001, noNaN: true }),
        fc.double({ min: -0.0001, max: 0.0001, noNaN: true }),
        (index, dx, dy) => {
          const [x, y] = vertices[index]!;
          expectAgreement(locator, x! + dx, y! + dy);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('gives null for points outside the partnership, including 0,0 and the rest of Lancashire', () => {
    expect(locator.locate(0, 0)).toBeNull();
    expect(locator.locate(-1.138266, 51.351756)).toBeNull(); // Basingstoke, from the real police file
    expect(locator.locate(-2.462042, 53.762509)).toBeNull(); // Blackburn with Darwen, from the real police file
    expect(locator.locate(bbox.minX - 0.01, bbox.minY - 0.01)).toBeNull();
    expect(locator.locate(bbox.maxX + 0.01, bbox.maxY + 0.01)).toBeNull();
  });

  it('places a point well inside each LSOA in that LSOA', () => {
    for (const area of areas) {
      // A point of a 20 × 20 grid over the polygon's box that only this polygon holds (turf's
      // pointOnFeature can return a vertex shared with a neighbour, so it is not used).
      const ring = area.geometry.type === 'Polygon' ? area.geometry.coordinates[0]! : area.geometry.coordinates[0]![0]!;
      const xs = ring.map((p) => p[0]!);
      const ys = ring.map((p) => p[1]!);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      let point: [number, number] | null = null;
      for (let i = 1; i < 20 && !point; i++) {
        for (let j = 1; j < 20 && !point; j++) {
          const candidate: [number, number] = [x0 + ((x1 - x0) * i) / 20, y0 + ((y1 - y0) * j) / 20];
          const holders = naiveLocate(...candidate);
          if (holders.length === 1 && holders[0] === area.code) point = candidate;
        }
      }
      expect(point, area.code).not.toBeNull();
      expect(locator.locate(...point!), area.code).toBe(area.code);
    }
  });

  it('answers the same for a point asked twice (the cache)', () => {
    const first = locator.locate(-2.6, 53.65);
    expect(locator.locate(-2.6, 53.65)).toBe(first);
    expect(first).toBe(naiveLocate(-2.6, 53.65)[0] ?? null);
  });
});

describe('LsoaLocator geometry cases', () => {
  const square = (x0: number, y0: number, size: number): [number, number][] => [
    [x0, y0],
    [x0 + size, y0],
    [x0 + size, y0 + size],
    [x0, y0 + size],
    [x0, y0],
  ];

  it('keeps apart points that share a longitude, in the cache as on first look', () => {
    const cached = new LsoaLocator([
      { code: 'SOUTH', geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] } },
      { code: 'NORTH', geometry: { type: 'Polygon', coordinates: [square(0, 2, 1)] } },
    ]);
    for (let round = 0; round < 2; round++) {
      expect(cached.locate(0.5, 0.5)).toBe('SOUTH');
      expect(cached.locate(0.5, 2.5)).toBe('NORTH');
      expect(cached.locate(0.5, 1.5)).toBeNull();
      expect(cached.locate(0.5, 0.25)).toBe('SOUTH');
    }
  });

  it('finds points in any part of a MultiPolygon and not in the hole of a polygon', () => {
    const locator = new LsoaLocator([
      { code: 'MULTI', geometry: { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] } },
      { code: 'HOLED', geometry: { type: 'Polygon', coordinates: [square(10, 0, 4), square(11, 1, 2).reverse()] } },
      { code: 'IN-HOLE', geometry: { type: 'Polygon', coordinates: [square(11.5, 1.5, 1)] } },
    ]);
    expect(locator.locate(0.5, 0.5)).toBe('MULTI');
    expect(locator.locate(5.5, 5.5)).toBe('MULTI');
    expect(locator.locate(3, 3)).toBeNull(); // inside the MultiPolygon's box, outside both parts
    expect(locator.locate(10.5, 0.5)).toBe('HOLED');
    expect(locator.locate(12, 2)).toBe('IN-HOLE');
    expect(locator.locate(11.2, 1.2)).toBeNull(); // in the hole, not in the island
  });

  it('finds nothing when it has no polygons', () => {
    const locator = new LsoaLocator([]);
    expect(locator.locate(0, 0)).toBeNull();
    expect(locator.locate(-2.6, 53.65)).toBeNull();
  });
});
