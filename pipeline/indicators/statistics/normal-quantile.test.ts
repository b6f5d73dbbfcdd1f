import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf, twoSidedPValue } from './normal-cdf.ts';
import { normalQuantile, zForConfidence } from './normal-quantile.ts';
import { StatisticsInputError } from './statistics-input-error.ts';

describe('normalQuantile (AS 241)', () => {
  it('matches published quantiles', () => {
    expect(zForConfidence(0.95)).toBeCloseTo(1.959963984540054, 14);
    expect(zForConfidence(0.998)).toBeCloseTo(3.090232306167813, 14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.9999)).toBeCloseTo(3.719016485455709, 13);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('inverts the independently computed normal CDF to 1e-12 relative', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 0.5, noNaN: true }), (p) => {
        const x = normalQuantile(p);
        expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(1e-12);
        if (p > 1e-6) expect(normalQuantile(1 - p)).toBeCloseTo(-x, 8); // symmetry (1 − p loses bits for tiny p)
      }),
    );
  });

  it('gives two-sided p-values', () => {
    expect(twoSidedPValue(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedPValue(0)).toBe(1);
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => normalQuantile(1.5)).toThrow(StatisticsInputError);
    expect(() => zForConfidence(1)).toThrow(StatisticsInputError);
  });
});
