import { describe, expect, it } from 'vitest';
import { trend } from './trend.ts';

const points = (counts: readonly (number | null)[], denominator = 10_000) =>
  counts.map((count) => ({ count, denominator }));

describe('trend (chi-squared test for trend)', () => {
  it('detects a rising rate (worked example)', () => {
    // O = 700, N = 50,000, expected 140 each; U = Σx(O−140) = −20 + 0 + 60 + 160 = 200;
    // V = 700·(Σx²/5 − (Σx/5)²) = 700·(6 − 4) = 1400; χ² = 200²/1400 = 28.57, p ≈ 1e-7.
    const r = trend(points([100, 120, 140, 160, 180]), { kind: 'rate', polarity: 'low-is-good', multiplier: 1000 });
    expect(r.direction).toBe('increasing');
    expect(r.judgement).toBe('worse');
    expect(r.slopePerPeriod).toBeCloseTo(2, 12); // 10, 12, 14, 16, 18 per 1,000
    expect(r.pValue).toBeCloseTo(9.0e-8, 8);
    expect(r.periodsUsed).toBe(5);
  });

  it('uses only the last five points and reports no significant change', () => {
    const r = trend(points([500, 100, 101, 99, 100, 102]), { kind: 'rate', polarity: 'high-is-good', multiplier: 1000 });
    expect(r.direction).toBe('no-change');
    expect(r.judgement).toBeNull();
  });

  it('tests proportions (Cochran–Armitage) and judges a fall as better when low is good', () => {
    const r = trend(points([300, 280, 250, 230, 200], 1000), { kind: 'proportion', polarity: 'low-is-good', multiplier: 100 });
    expect(r.direction).toBe('decreasing');
    expect(r.judgement).toBe('better');
    const neutral = trend(points([300, 280, 250, 230, 200], 1000), { kind: 'proportion', polarity: 'no-judgement', multiplier: 100 });
    expect(neutral.judgement).toBe('no-judgement');
  });

  it('cannot be calculated with fewer than 5 points or a suppressed/missing one', () => {
    const opts = { kind: 'rate', polarity: 'low-is-good', multiplier: 1000 } as const;
    expect(trend(points([1, 2, 3, 4]), opts).direction).toBe('cannot-calculate');
    expect(trend(points([1, 2, null, 4, 5]), opts).direction).toBe('cannot-calculate');
    const suppressed = [...points([10, 20, 30, 40]), { count: 3, denominator: 10_000, suppressed: true }];
    expect(trend(suppressed, opts)).toMatchObject({ direction: 'cannot-calculate', periodsUsed: 5, pValue: null });
  });

  it('treats all-zero counts as no change', () => {
    const r = trend(points([0, 0, 0, 0, 0]), { kind: 'rate', polarity: 'low-is-good', multiplier: 1000 });
    expect(r).toMatchObject({ direction: 'no-change', pValue: 1 });
  });
});
