/**
 * Areas compared with a benchmark value as Fingertips does ("confidence
 * intervals overlapping reference value", 95%): significantly higher when the
 * whole interval is above the benchmark, lower when wholly below, otherwise
 * similar; then better or worse by the indicator's polarity, or left as higher
 * or lower when it has none. The stored comparison (with the parent area) is
 * worked out the same way by the build; this does it for the partnership.
 */
import type { Polarity } from '../api/client.ts';
import type { ComparisonCategory } from './colour-scale.ts';

export type Significance = 'higher' | 'similar' | 'lower';

/** How an estimate with a 95% CI compares with `benchmark`; null when either is missing. */
export function significanceAgainst(
  figure: { value: number | null; lower: number | null; upper: number | null; suppressed: boolean },
  benchmark: number | null,
): Significance | null {
  if (figure.suppressed || figure.value === null || figure.lower === null || figure.upper === null || benchmark === null) return null;
  if (figure.lower > benchmark) return 'higher';
  if (figure.upper < benchmark) return 'lower';
  return 'similar';
}

/** The map category of a significance for an indicator of `polarity`. */
export function categoryOf(significance: Significance | null, polarity: Polarity): ComparisonCategory {
  if (significance === null) return 'not-compared';
  if (significance === 'similar') return 'similar';
  if (polarity === 'no-judgement') return significance;
  const good = polarity === 'high-is-good' ? 'higher' : 'lower';
  return significance === good ? 'better' : 'worse';
}

/** The significance named by a stored comparison (`higher`, `similar`, `lower`), or null. */
export function storedSignificance(comparison: { significance: string } | null | undefined): Significance | null {
  const value = comparison?.significance;
  return value === 'higher' || value === 'similar' || value === 'lower' ? value : null;
}

export const CATEGORY_LABELS: Record<ComparisonCategory, string> = {
  better: 'Significantly better',
  similar: 'Similar',
  worse: 'Significantly worse',
  higher: 'Significantly higher (not judged)',
  lower: 'Significantly lower (not judged)',
  'not-compared': 'Not compared (no value or interval)',
};

/** The categories a legend lists for an indicator of `polarity`, best first. */
export function categoriesFor(polarity: Polarity): ComparisonCategory[] {
  return polarity === 'no-judgement' ? ['lower', 'similar', 'higher', 'not-compared'] : ['better', 'similar', 'worse', 'not-compared'];
}
