/**
 * Recent trend as Fingertips reports it, over the last 5 periods (fewer → "cannot be calculated";
 * a suppressed or missing point among them → "cannot be calculated").
 * Test: chi-squared test for linear trend at 95%, on 1 degree of freedom, with period index x = 0…4:
 * - rates (Poisson counts O_i over person-time N_i; the score test for a log-linear trend,
 *   Breslow & Day 1987 vol. II §3.4):  U = Σ x_i (O_i − O·N_i/N),  V = O·(Σ N_i x_i²/N − (Σ N_i x_i/N)²);
 * - proportions (Cochran–Armitage):    U = Σ x_i (r_i − n_i·p̄),     V = p̄(1 − p̄)·(Σ n_i x_i² − (Σ n_i x_i)²/N);
 * χ² = U²/V, p = P(χ²₁ ≥ χ²); the sign of U gives the direction.
 * slopePerPeriod is the denominator-weighted least-squares slope of the value (× multiplier) per period.
 */
import { twoSidedPValue } from './normal-cdf.ts';
import type { Polarity } from './polarity.ts';
import { StatisticsInputError } from './statistics-input-error.ts';

export const TREND_PERIODS = 5;

export interface TrendPoint {
  count: number | null;
  denominator: number | null;
  suppressed?: boolean;
}

export interface TrendOptions {
  kind: 'rate' | 'proportion';
  polarity: Polarity;
  multiplier: number;
  confidence?: number;
}

export interface TrendResult {
  direction: 'increasing' | 'decreasing' | 'no-change' | 'cannot-calculate';
  judgement: 'better' | 'worse' | 'no-judgement' | null;
  slopePerPeriod: number | null;
  pValue: number | null;
  periodsUsed: number;
}

/** Trend over the last up-to-5 points (oldest first), by the chi-squared test for trend. */
export function trend(points: readonly TrendPoint[], options: TrendOptions): TrendResult {
  const recent = points.slice(-TREND_PERIODS);
  const cannot: TrendResult = { direction: 'cannot-calculate', judgement: null, slopePerPeriod: null, pValue: null, periodsUsed: recent.length };
  if (recent.length < TREND_PERIODS) return cannot;
  const obs: { o: number; n: number }[] = [];
  for (const p of recent) {
    if (p.suppressed || p.count == null || p.denominator == null || !(p.denominator > 0)) return cannot;
    if (p.count < 0 || (options.kind === 'proportion' && p.count > p.denominator)) {
      throw new StatisticsInputError(`invalid point ${p.count}/${p.denominator}`);
    }
    obs.push({ o: p.count, n: p.denominator });
  }
  const test = trendTest(obs.map((p) => p.o), obs.map((p) => p.n), 0, options);
  const slopePerPeriod = weightedSlope(obs.map((p) => ({ y: (p.o / p.n) * options.multiplier, w: p.n })));
  return { direction: test.direction, judgement: test.judgement, slopePerPeriod, pValue: test.pValue, periodsUsed: TREND_PERIODS };
}

/**
 * The test behind `trend` on five published points o[from…from+4] over n[from…from+4] (every
 * n > 0), without allocating: large builds call it once per area and period.
 */
export function trendTest(
  o: ArrayLike<number>,
  n: ArrayLike<number>,
  from: number,
  options: TrendOptions,
): { direction: 'increasing' | 'decreasing' | 'no-change'; judgement: 'better' | 'worse' | 'no-judgement' | null; pValue: number } {
  let totalO = 0;
  let totalN = 0;
  let sumNx = 0;
  let sumNx2 = 0;
  for (let x = 0; x < TREND_PERIODS; x++) {
    const ox = o[from + x] ?? Number.NaN;
    const nx = n[from + x] ?? Number.NaN;
    if (ox < 0 || (options.kind === 'proportion' && ox > nx)) throw new StatisticsInputError(`invalid point ${ox}/${nx}`);
    totalO += ox;
    totalN += nx;
    sumNx += nx * x;
    sumNx2 += nx * x * x;
  }
  const pBar = totalO / totalN;
  let u = 0;
  for (let x = 0; x < TREND_PERIODS; x++) u += x * ((o[from + x] ?? Number.NaN) - (n[from + x] ?? Number.NaN) * pBar);
  const v = options.kind === 'rate'
    ? totalO * (sumNx2 / totalN - (sumNx / totalN) ** 2)
    : pBar * (1 - pBar) * (sumNx2 - (sumNx * sumNx) / totalN);
  const pValue = v > 0 ? twoSidedPValue(u / Math.sqrt(v)) : 1;
  const alpha = 1 - (options.confidence ?? 0.95);
  if (!(pValue < alpha) || u === 0) return { direction: 'no-change', judgement: null, pValue };
  const direction = u > 0 ? 'increasing' : 'decreasing';
  const judgement = options.polarity === 'no-judgement'
    ? 'no-judgement'
    : (direction === 'increasing') === (options.polarity === 'high-is-good') ? 'better' : 'worse';
  return { direction, judgement, pValue };
}

// Weighted least-squares slope of y on x = 0, 1, 2, …
function weightedSlope(points: readonly { y: number; w: number }[]): number {
  const sw = points.reduce((s, p) => s + p.w, 0);
  const mx = points.reduce((s, p, x) => s + p.w * x, 0) / sw;
  const my = points.reduce((s, p) => s + p.w * p.y, 0) / sw;
  const sxy = points.reduce((s, p, x) => s + p.w * (x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p, x) => s + p.w * (x - mx) ** 2, 0);
  return sxy / sxx;
}
