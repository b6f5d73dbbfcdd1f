import { describe, expect, it } from 'vitest';
import { labelPoint, ringCentroid } from './label-point.ts';

const square = (x: number, y: number, size: number) => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

describe('ringCentroid', () => {
  it('finds the centre and area of a square, whichever way it winds', () => {
    expect(ringCentroid(square(0, 0, 2))).toEqual({ area: 4, x: 1, y: 1 });
    expect(ringCentroid([...square(0, 0, 2)].reverse())).toEqual({ area: 4, x: 1, y: 1 });
  });

  it('is null for a ring with no area', () => {
    expect(ringCentroid([[0, 0], [1, 1], [0, 0]])).toBeNull();
  });
});

describe('labelPoint', () => {
  it('labels a multipolygon at its largest part', () => {
    const feature = {
      type: 'Feature' as const,
      properties: { code: 'W1', name: 'Ward' },
      geometry: { type: 'MultiPolygon' as const, coordinates: [[square(10, 10, 1)], [square(0, 0, 4)]] },
    };
    expect(labelPoint(feature)).toEqual([2, 2]);
  });
});
