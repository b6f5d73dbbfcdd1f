/** The change between two published figures of one indicator, as a ratio with its 95% CI. */
import type { CountedIndicator } from '../indicators/indicator-definition.ts';
import type { SeriesPoint } from './published-series.ts';
import { proportionRatio, rateRatio, ratioSignificance, type Ratio } from './rate-ratio.ts';

/**
 * later ÷ earlier from their published counts (a rate ratio, or a ratio of proportions), with whether
 * its interval lies below 1, above it, or includes it; null when a count is withheld or zero.
 */
export function figureChange(earlier: SeriesPoint, later: SeriesPoint, statistic: CountedIndicator['statistic']): (Ratio & { significance: 'lower' | 'higher' | 'similar' }) | null {
  const counts = [later.numerator, later.denominator, earlier.numerator, earlier.denominator];
  if (counts.some((n) => n === null || !(n > 0))) return null;
  const [a, n1, b, n0] = counts as number[];
  const ratio = (statistic === 'proportion' ? proportionRatio : rateRatio)({ count: a!, denominator: n1! }, { count: b!, denominator: n0! });
  return { ...ratio, significance: ratioSignificance(ratio) };
}
