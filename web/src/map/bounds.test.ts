import { describe, expect, it } from 'vitest';
import { boundsOf } from './bounds.ts';

describe('boundsOf', () => {
  it('covers polygons and multipolygons', () => {
    expect(
      boundsOf({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: 'E01000001', name: 'A' },
            geometry: { type: 'Polygon', coordinates: [[[-2.7, 53.6], [-2.6, 53.6], [-2.6, 53.7], [-2.7, 53.6]]] },
          },
          {
            type: 'Feature',
            properties: { code: 'E01000002', name: 'B' },
            geometry: { type: 'MultiPolygon', coordinates: [[[[-2.8, 53.5], [-2.75, 53.55], [-2.8, 53.55], [-2.8, 53.5]]]] },
          },
        ],
      }),
    ).toEqual([-2.8, 53.5, -2.6, 53.7]);
  });

  it('is null for no features', () => {
    expect(boundsOf({ type: 'FeatureCollection', features: [] })).toBeNull();
  });
});
