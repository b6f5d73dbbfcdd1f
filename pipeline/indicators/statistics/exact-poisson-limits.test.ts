import { describe, expect, it } from 'vitest';
import { exactPoissonLimits } from './exact-poisson-limits.ts';
import { logGamma, regularizedGammaP, regularizedGammaQ } from './gamma-distribution.ts';

describe('exact Poisson limits (chi-square / gamma)', () => {
  it('has closed forms at counts 0 and 1', () => {
    // k = 0: upper solves e^{-μ} = 0.025 → μ = −ln 0.025; k = 1: lower solves 1 − e^{-μ} = 0.025.
    expect(exactPoissonLimits(0)).toEqual({ lower: 0, upper: expect.closeTo(-Math.log(0.025), 12) });
    expect(exactPoissonLimits(1).lower).toBeCloseTo(-Math.log(0.975), 12);
  });

  it('matches tabulated limits (e.g. count 5 → 1.6235, 11.6683 as in Fingertips hepatitis B rows)', () => {
    const five = exactPoissonLimits(5);
    expect(five.lower).toBeCloseTo(1.623486, 6);
    expect(five.upper).toBeCloseTo(11.668332, 6);
    const eight = exactPoissonLimits(8);
    expect(eight.lower).toBeCloseTo(3.453832, 6);
    expect(eight.upper).toBeCloseTo(15.763189, 6);
  });

  it('puts the stated tail probability outside each limit', () => {
    for (const k of [1, 3, 9, 50, 400, 5000]) {
      const { lower, upper } = exactPoissonLimits(k);
      expect(regularizedGammaP(k, lower)).toBeCloseTo(0.025, 12); // P(X ≥ k | lower)
      expect(regularizedGammaQ(k + 1, upper)).toBeCloseTo(0.025, 12); // P(X ≤ k | upper)
    }
  });

  it('computes ln Γ', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
  });
});
