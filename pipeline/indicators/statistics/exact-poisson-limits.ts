/**
 * Exact (Garwood) confidence limits for a Poisson count, from the chi-square / gamma relation:
 * lower = χ²(α/2; 2k)/2, upper = χ²(1 − α/2; 2k + 2)/2, with lower = 0 when k = 0.
 */
import { gammaQuantile } from './gamma-distribution.ts';
import { StatisticsInputError } from './statistics-input-error.ts';

/** Exact two-sided limits for the expected value of a Poisson count. */
export function exactPoissonLimits(count: number, confidence = 0.95): { lower: number; upper: number } {
  if (!(count >= 0) || !Number.isFinite(count)) throw new StatisticsInputError(`count must be ≥ 0, got ${count}`);
  if (!(confidence > 0 && confidence < 1)) throw new StatisticsInputError(`confidence must be in (0, 1), got ${confidence}`);
  const alpha = 1 - confidence;
  return {
    lower: count === 0 ? 0 : gammaQuantile(alpha / 2, count),
    upper: gammaQuantile(1 - alpha / 2, count + 1),
  };
}
