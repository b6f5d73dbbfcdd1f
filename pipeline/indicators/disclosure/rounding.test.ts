import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundToBase } from './rounding.ts';

describe('roundToBase', () => {
  it('rounds halves up to the nearest multiple', () => {
    expect(roundToBase(12, 5)).toBe(10);
    expect(roundToBase(12.5, 5)).toBe(15);
    expect(roundToBase(13, 5)).toBe(15);
    expect(roundToBase(0, 5)).toBe(0);
  });
  it('keeps a non-zero count non-zero when the agreement says so', () => {
    expect(roundToBase(2, 5)).toBe(0);
    expect(roundToBase(2, 5, { keepNonZero: true })).toBe(5);
    expect(roundToBase(0, 5, { keepNonZero: true })).toBe(0);
  });
  it('moves a count by at most half the base', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e7 }), fc.integer({ min: 1, max: 100 }), (count, base) => {
        const r = roundToBase(count, base);
        expect(r % base).toBe(0);
        expect(Math.abs(r - count)).toBeLessThanOrEqual(base / 2);
      }),
    );
  });
});
