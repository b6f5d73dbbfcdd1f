import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatisticsInputError } from './statistics-input-error.ts';
import { wilsonInterval } from './wilson-interval.ts';

describe('wilsonInterval', () => {
  it('works the hand example 81 / 263 as a percentage', () => {
    // p = 0.307985, z² = 3.841459; centre 2·81 + z² = 165.841459;
    // spread z·√(z² + 4·81·(1 − p)) = 29.598337; divisor 2·(263 + z²) = 533.682918
    // → (165.841459 ∓ 29.598337) / 533.682918 = 25.52885%, 36.62096%
    const ci = wilsonInterval(81, 263, 100);
    expect(ci.lower).toBeCloseTo(25.528851987827423, 9);
    expect(ci.upper).toBeCloseTo(36.62095769828, 9);
  });

  it('handles 0 and n', () => {
    expect(wilsonInterval(0, 20, 100).lower).toBe(0);
    expect(wilsonInterval(20, 20, 100).upper).toBe(100);
    expect(() => wilsonInterval(21, 20, 100)).toThrow(StatisticsInputError);
  });

  const pairs = fc.integer({ min: 1, max: 1_000_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  it('brackets the proportion and stays within [0, multiplier]', () => {
    fc.assert(
      fc.property(pairs, fc.constantFrom(1, 100, 1000), ([r, n], m) => {
        const { lower, upper } = wilsonInterval(r, n, m);
        const value = (r / n) * m;
        expect(lower).toBeGreaterThanOrEqual(0);
        expect(upper).toBeLessThanOrEqual(m);
        expect(lower).toBeLessThanOrEqual(value + 1e-12 * m);
        expect(upper).toBeGreaterThanOrEqual(value - 1e-12 * m);
      }),
    );
  });

  it('widens with the confidence level', () => {
    fc.assert(
      fc.property(pairs, fc.double({ min: 0.5, max: 0.99, noNaN: true }), ([r, n], c) => {
        const narrow = wilsonInterval(r, n, 100, c);
        const wide = wilsonInterval(r, n, 100, c + 0.005);
        expect(wide.lower).toBeLessThanOrEqual(narrow.lower);
        expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper);
        expect(wide.upper - wide.lower).toBeGreaterThan(narrow.upper - narrow.lower);
      }),
    );
  });
});
