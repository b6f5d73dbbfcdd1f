import { describe, expect, it } from 'vitest';
import { proportionRatio, rateRatio, ratioOfRatios, ratioSignificance } from './rate-ratio.ts';

describe('rateRatio', () => {
  it('reproduces the published worked example (Rothman, Table 9-2: cancer among the blind, 90% CI 0.40 to 0.53)', () => {
    const r = rateRatio({ count: 136, denominator: 22050 }, { count: 1709, denominator: 127650 }, 0.9);
    expect(r.ratio.toFixed(2)).toBe('0.46');
    expect(r.lower.toFixed(2)).toBe('0.40');
    expect(r.upper.toFixed(2)).toBe('0.53');
  });

  it('matches a hand computation: 30 vs 20 events over equal populations', () => {
    // RR = 1.5; SE = √(1/30 + 1/20) = 0.288675; 1.5·exp(±1.959964·0.288675) = 0.851865, 2.641267
    const r = rateRatio({ count: 30, denominator: 1000 }, { count: 20, denominator: 1000 });
    expect(r.ratio).toBeCloseTo(1.5, 12);
    expect(r.lower).toBeCloseTo(0.851865, 5);
    expect(r.upper).toBeCloseTo(2.641267, 5);
    expect(ratioSignificance(r)).toBe('similar');
  });

  it('refuses a zero count, where the log ratio has no finite variance', () => {
    expect(() => rateRatio({ count: 0, denominator: 10 }, { count: 4, denominator: 10 })).toThrow(/count above 0/);
  });
});

describe('proportionRatio', () => {
  it('narrows the rate interval by the binomial terms (Katz)', () => {
    const p = proportionRatio({ count: 50, denominator: 100 }, { count: 40, denominator: 100 });
    const r = rateRatio({ count: 50, denominator: 100 }, { count: 40, denominator: 100 });
    expect(p.ratio).toBeCloseTo(1.25, 12);
    expect(p.logVariance).toBeCloseTo(1 / 50 - 1 / 100 + 1 / 40 - 1 / 100, 12);
    expect(p.upper - p.lower).toBeLessThan(r.upper - r.lower);
  });
});

describe('ratioOfRatios', () => {
  it('divides the ratios and adds their log-variances (hand-computed difference in differences)', () => {
    // Intervention areas 1,000 → 700 events, comparison 2,000 → 1,900, over equal denominators.
    const intervention = rateRatio({ count: 700, denominator: 1 }, { count: 1000, denominator: 1 });
    const comparison = rateRatio({ count: 1900, denominator: 1 }, { count: 2000, denominator: 1 });
    const did = ratioOfRatios(intervention, comparison);
    expect(did.ratio).toBeCloseTo(0.7 / 0.95, 12);
    const se = Math.sqrt(1 / 700 + 1 / 1000 + 1 / 1900 + 1 / 2000);
    expect(did.lower).toBeCloseTo((0.7 / 0.95) * Math.exp(-1.959963985 * se), 9);
    expect(did.upper).toBeCloseTo((0.7 / 0.95) * Math.exp(1.959963985 * se), 9);
    expect(ratioSignificance(did)).toBe('lower');
  });
});
