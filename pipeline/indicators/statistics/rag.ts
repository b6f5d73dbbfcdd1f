/**
 * RAG status against a target. Rule (documented for users):
 * - green: the value itself meets the target in the good direction (≥ target when high is good,
 *   ≤ target when low is good);
 * - red: the whole confidence interval is on the wrong side (upper < target when high is good,
 *   lower > target when low is good), so the shortfall is not down to chance;
 * - amber: the value misses the target but the interval still reaches it;
 * - no-target: no target set, or the indicator has no polarity.
 */
import type { Estimate, Polarity } from './polarity.ts';

export type Rag = 'green' | 'amber' | 'red' | 'no-target';

/** RAG status of an estimate against a target (see module doc for the rule). */
export function rag(estimate: Estimate, target: number | null | undefined, polarity: Polarity): Rag {
  if (target === null || target === undefined || !Number.isFinite(target) || polarity === 'no-judgement') {
    return 'no-target';
  }
  if (polarity === 'high-is-good') {
    if (estimate.value >= target) return 'green';
    return estimate.upper < target ? 'red' : 'amber';
  }
  if (estimate.value <= target) return 'green';
  return estimate.lower > target ? 'red' : 'amber';
}
