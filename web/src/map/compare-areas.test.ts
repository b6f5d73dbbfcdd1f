import { describe, expect, it } from 'vitest';
import { categoriesFor, categoryOf, significanceAgainst, storedSignificance } from './compare-areas.ts';

const figure = (value: number | null, lower: number | null, upper: number | null, suppressed = false) => ({ value, lower, upper, suppressed });

describe('significanceAgainst', () => {
  it('is higher or lower only when the whole 95% CI is on one side of the benchmark', () => {
    expect(significanceAgainst(figure(8, 6, 10), 5)).toBe('higher');
    expect(significanceAgainst(figure(3, 2, 4), 5)).toBe('lower');
    expect(significanceAgainst(figure(6, 4, 8), 5)).toBe('similar');
    // Touching the benchmark is not significant.
    expect(significanceAgainst(figure(7, 5, 9), 5)).toBe('similar');
  });

  it('is null for a withheld figure, a missing value or interval, or no benchmark', () => {
    expect(significanceAgainst(figure(8, 6, 10, true), 5)).toBeNull();
    expect(significanceAgainst(figure(null, null, null), 5)).toBeNull();
    expect(significanceAgainst(figure(8, null, null), 5)).toBeNull();
    expect(significanceAgainst(figure(8, 6, 10), null)).toBeNull();
  });
});

describe('categoryOf', () => {
  it('judges by polarity', () => {
    expect(categoryOf('higher', 'low-is-good')).toBe('worse');
    expect(categoryOf('lower', 'low-is-good')).toBe('better');
    expect(categoryOf('higher', 'high-is-good')).toBe('better');
    expect(categoryOf('similar', 'high-is-good')).toBe('similar');
  });

  it('does not judge without polarity, and says not compared without a significance', () => {
    expect(categoryOf('higher', 'no-judgement')).toBe('higher');
    expect(categoryOf(null, 'low-is-good')).toBe('not-compared');
    expect(categoriesFor('no-judgement')).not.toContain('better');
  });
});

describe('storedSignificance', () => {
  it('reads the stored comparison, ignoring anything else', () => {
    expect(storedSignificance({ significance: 'lower' })).toBe('lower');
    expect(storedSignificance({ significance: 'sideways' })).toBeNull();
    expect(storedSignificance(null)).toBeNull();
  });
});
