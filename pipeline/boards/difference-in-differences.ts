/**
 * Difference in differences as a ratio of rate ratios: how the rate in the intervention areas
 * changed from before to after, relative to how it changed in the comparison areas,
 *   DiD = (I_after / I_before) / (C_after / C_before),
 * with a 95% CI on the log scale whose variance is the sum of 1/count over the four counts
 * (independent Poisson counts; populations fixed).
 */
import { rateRatio, ratioOfRatios, ratioSignificance, type CountOver, type Ratio } from './rate-ratio.ts';

/** Counts and denominators summed over the periods before and after the start. */
export type BeforeAfter = { before: CountOver; after: CountOver };

export type DidResult = Ratio & {
  significance: 'fall' | 'rise' | 'no significant change';
  /** In plain words: "a significant fall of 18% (95% CI 6% to 28%) relative to comparison areas". */
  verdict: string;
};

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** The DiD rate ratio with its CI and verdict; every count must be above zero. */
export function differenceInDifferences(intervention: BeforeAfter, comparison: BeforeAfter, confidence = 0.95): DidResult {
  const inside = rateRatio(intervention.after, intervention.before, confidence);
  const outside = rateRatio(comparison.after, comparison.before, confidence);
  const did = ratioOfRatios(inside, outside, confidence);
  const significance = ratioSignificance(did);
  const level = `${Math.round(confidence * 100)}% CI`;
  if (significance === 'lower') {
    return { ...did, significance: 'fall', verdict: `a significant fall of ${percent(1 - did.ratio)} (${level} ${percent(1 - did.upper)} to ${percent(1 - did.lower)}) relative to comparison areas` };
  }
  if (significance === 'higher') {
    return { ...did, significance: 'rise', verdict: `a significant rise of ${percent(did.ratio - 1)} (${level} ${percent(did.lower - 1)} to ${percent(did.upper - 1)}) relative to comparison areas` };
  }
  return {
    ...did,
    significance: 'no significant change',
    verdict: `no significant change relative to comparison areas (rate ratio ${did.ratio.toFixed(2)}, ${level} ${did.lower.toFixed(2)} to ${did.upper.toFixed(2)})`,
  };
}
