/**
 * Comparison with a benchmark (parent area, England) as Fingertips does it for
 * "Confidence intervals overlapping reference value (95.0)": the area differs significantly only when
 * its whole confidence interval lies on one side of the benchmark's value.
 */
import type { Estimate, Polarity } from './polarity.ts';

export type Significance = 'higher' | 'similar' | 'lower';
export type Judgement = 'better' | 'worse' | 'similar' | 'not-compared';

/** 'higher' when lower > benchmark, 'lower' when upper < benchmark, otherwise 'similar'. */
export function compareWithBenchmark(estimate: Estimate, benchmarkValue: number): Significance {
  if (estimate.lower > benchmarkValue) return 'higher';
  if (estimate.upper < benchmarkValue) return 'lower';
  return 'similar';
}

/** Turns a significance into better/worse by polarity; 'not-compared' when the indicator has no polarity. */
export function judge(significance: Significance, polarity: Polarity): Judgement {
  if (polarity === 'no-judgement') return 'not-compared';
  if (significance === 'similar') return 'similar';
  const good = polarity === 'high-is-good' ? 'higher' : 'lower';
  return significance === good ? 'better' : 'worse';
}
