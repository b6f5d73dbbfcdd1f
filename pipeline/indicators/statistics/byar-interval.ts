/**
 * Confidence interval for a crude rate (count / denominator × multiplier), as Fingertips publishes it
 * (APHO Technical Briefing 3, "Commonly used public health statistics and their confidence intervals"):
 * Byar's approximation to the exact Poisson limits of the count,
 *   lower O·(1 − 1/(9O) − z/(3√O))³,  upper (O+1)·(1 − 1/(9(O+1)) + z/(3√(O+1)))³,
 * and the exact (chi-square) Poisson limits when the count is below 10, where Byar is less accurate.
 * The choice of 10 reproduces every published crude-rate limit in the Fingertips oracle test.
 */
import { exactPoissonLimits } from './exact-poisson-limits.ts';
import { zForConfidence } from './normal-quantile.ts';
import { StatisticsInputError } from './statistics-input-error.ts';

/** Counts below this use exact Poisson limits instead of Byar's approximation. */
export const BYAR_MIN_COUNT = 10;

/** Limits for the expected count: exact below BYAR_MIN_COUNT, Byar's approximation from there on. */
export function byarCountLimits(count: number, confidence = 0.95): { lower: number; upper: number } {
  if (!(count >= 0) || !Number.isFinite(count)) throw new StatisticsInputError(`count must be ≥ 0, got ${count}`);
  if (count < BYAR_MIN_COUNT) return exactPoissonLimits(count, confidence);
  const z = zForConfidence(confidence);
  const o = count;
  const lower = o * (1 - 1 / (9 * o) - z / (3 * Math.sqrt(o))) ** 3;
  const upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * Math.sqrt(o + 1))) ** 3;
  return { lower, upper };
}

/** Crude-rate confidence interval per `multiplier` (e.g. 100000) by Byar's method (exact for count < 10). */
export function byarInterval(
  count: number,
  denominator: number,
  multiplier: number,
  confidence = 0.95,
): { lower: number; upper: number } {
  if (!(denominator > 0) || !Number.isFinite(denominator)) {
    throw new StatisticsInputError(`denominator must be > 0, got ${denominator}`);
  }
  if (!(multiplier > 0)) throw new StatisticsInputError(`multiplier must be > 0, got ${multiplier}`);
  const limits = byarCountLimits(count, confidence);
  const scale = multiplier / denominator;
  return { lower: limits.lower * scale, upper: limits.upper * scale };
}
