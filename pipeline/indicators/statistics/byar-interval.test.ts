import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byarInterval } from './byar-interval.ts';
import { StatisticsInputError } from './statistics-input-error.ts';

describe('byarInterval', () => {
  it('works the hand example 289 / 130,000 per 100,000', () => {
    // z = 1.959964; rate = 289/130000 × 1e5 = 222.3077.
    // lower count = 289·(1 − 1/2601 − z/51)³ = 289·0.9611848³ = 256.63661 → ×1e5/130000 = 197.41278
    // upper count = 290·(1 − 1/2610 + z/(3√290))³ = 324.31458 → ×1e5/130000 = 249.47275
    const ci = byarInterval(289, 130_000, 100_000);
    expect(ci.lower).toBeCloseTo(197.4127794174095, 9);
    expect(ci.upper).toBeCloseTo(249.4727520464934, 9);
  });

  it('uses exact Poisson limits below a count of 10 and lower 0 at count 0', () => {
    // count 0: upper = −ln(0.025) = 3.68888 events; per 1,000 on 1,000 people → 3.68888.
    expect(byarInterval(0, 1000, 1000)).toEqual({ lower: 0, upper: expect.closeTo(3.6888794541139363, 10) });
    expect(byarInterval(9, 36656, 100_000).lower).toBeCloseTo(11.227010850552, 8); // Fingertips 92904 row
  });

  it('rejects a zero denominator', () => {
    expect(() => byarInterval(3, 0, 1000)).toThrow(StatisticsInputError);
  });

  const counts = fc.integer({ min: 0, max: 100_000 });
  const denominators = fc.integer({ min: 1, max: 10_000_000 });

  it('brackets the rate', () => {
    fc.assert(
      fc.property(counts, denominators, (count, denominator) => {
        const { lower, upper } = byarInterval(count, denominator, 100_000);
        const rate = (count / denominator) * 100_000;
        expect(lower).toBeGreaterThanOrEqual(0);
        expect(lower).toBeLessThanOrEqual(rate);
        expect(upper).toBeGreaterThan(rate);
      }),
    );
  });

  it('widens with the confidence level', () => {
    fc.assert(
      fc.property(counts, denominators, fc.double({ min: 0.5, max: 0.99, noNaN: true }), (count, denominator, c) => {
        const narrow = byarInterval(count, denominator, 1000, c);
        const wide = byarInterval(count, denominator, 1000, Math.min(0.9999, c + 0.005));
        expect(wide.lower).toBeLessThanOrEqual(narrow.lower);
        expect(wide.upper).toBeGreaterThan(narrow.upper);
      }),
    );
  });
});
