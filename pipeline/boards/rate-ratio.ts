/**
 * Ratios of two rates with confidence intervals on the log scale (Rothman, Epidemiology: An
 * Introduction, ch. 9): for counts a and b over denominators n1 and n0,
 *   RR = (a/n1)/(b/n0),  SE(ln RR) = √(1/a + 1/b),
 * and for proportions (a of n1, b of n0) the Katz interval SE(ln RR) = √(1/a − 1/n1 + 1/b − 1/n0).
 * A difference in differences is the ratio of two such ratios, whose log-variances add.
 */
import { zForConfidence } from '../indicators/statistics/normal-quantile.ts';
import { StatisticsInputError } from '../indicators/statistics/statistics-input-error.ts';

/** A ratio with its confidence interval and the variance of its logarithm. */
export type Ratio = { ratio: number; lower: number; upper: number; logVariance: number };

/** Counts and denominators of one group in one period. */
export type CountOver = { count: number; denominator: number };

function check({ count, denominator }: CountOver): void {
  if (!(count > 0) || !Number.isFinite(count)) throw new StatisticsInputError(`a ratio of rates needs a count above 0, got ${count}`);
  if (!(denominator > 0) || !Number.isFinite(denominator)) throw new StatisticsInputError(`denominator must be > 0, got ${denominator}`);
}

function interval(ratio: number, logVariance: number, confidence: number): Ratio {
  const half = zForConfidence(confidence) * Math.sqrt(logVariance);
  return { ratio, lower: Math.exp(Math.log(ratio) - half), upper: Math.exp(Math.log(ratio) + half), logVariance };
}

/** Rate ratio a/b of two Poisson counts over their denominators (person-time or population). */
export function rateRatio(a: CountOver, b: CountOver, confidence = 0.95): Ratio {
  check(a);
  check(b);
  const ratio = a.count / a.denominator / (b.count / b.denominator);
  return interval(ratio, 1 / a.count + 1 / b.count, confidence);
}

/** Ratio of two proportions (Katz log interval); each count must not exceed its denominator. */
export function proportionRatio(a: CountOver, b: CountOver, confidence = 0.95): Ratio {
  check(a);
  check(b);
  if (a.count > a.denominator || b.count > b.denominator) throw new StatisticsInputError('a proportion cannot exceed its denominator');
  const ratio = a.count / a.denominator / (b.count / b.denominator);
  return interval(ratio, 1 / a.count - 1 / a.denominator + 1 / b.count - 1 / b.denominator, confidence);
}

/** The ratio of two independent ratios (difference in differences on the log scale). */
export function ratioOfRatios(a: Ratio, b: Ratio, confidence = 0.95): Ratio {
  return interval(a.ratio / b.ratio, a.logVariance + b.logVariance, confidence);
}

/** Whether a ratio's interval lies wholly below 1, wholly above it, or includes it. */
export function ratioSignificance(r: Ratio): 'lower' | 'higher' | 'similar' {
  if (r.upper < 1) return 'lower';
  if (r.lower > 1) return 'higher';
  return 'similar';
}
