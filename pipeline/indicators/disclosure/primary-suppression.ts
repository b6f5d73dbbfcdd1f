/**
 * Primary suppression (DESIGN §5): a count from a dataset whose agreement sets threshold T is withheld
 * when 0 < count < T. Zero is publishable (it discloses no individual). A null count is unknown, not
 * small: there is nothing to withhold, and it is reported as missing data, never as a number.
 */
import { DisclosureInputError } from './disclosure-input-error.ts';

/** A data-sharing agreement's disclosure rule. */
export interface DisclosureRule {
  threshold: number;
  rounding?: { base: number } | null;
}

function checkThreshold(threshold: number): void {
  if (!(threshold >= 0) || !Number.isFinite(threshold)) throw new DisclosureInputError(`invalid threshold ${threshold}`);
}

/** True when the count must be withheld: 0 < count < threshold (null/undefined counts: false). */
export function isPrimarySuppressed(count: number | null | undefined, threshold: number): boolean {
  checkThreshold(threshold);
  if (count === null || count === undefined) return false;
  if (Number.isNaN(count) || count < 0) throw new DisclosureInputError(`invalid count ${count}`);
  return count > 0 && count < threshold;
}

/**
 * The same rule for many counts under one threshold, checked once: for counts the caller knows to
 * be valid (sums of rows, or a total less a part of it), so each test is two comparisons.
 */
export function primarySuppressionTest(threshold: number): (count: number) => boolean {
  checkThreshold(threshold);
  return (count) => count > 0 && count < threshold;
}

/** Combines several agreements' rules into the strictest: highest threshold, coarsest rounding base. */
export function strictestRule(rules: readonly DisclosureRule[]): DisclosureRule {
  if (rules.length === 0) throw new DisclosureInputError('no disclosure rules to combine');
  let threshold = 0;
  let base: number | null = null;
  for (const rule of rules) {
    if (!(rule.threshold >= 0)) throw new DisclosureInputError(`invalid threshold ${rule.threshold}`);
    threshold = Math.max(threshold, rule.threshold);
    const b = rule.rounding?.base;
    if (b !== undefined) {
      if (!(b > 0) || !Number.isInteger(b)) throw new DisclosureInputError(`invalid rounding base ${b}`);
      base = base === null ? b : Math.max(base, b);
    }
  }
  return { threshold, rounding: base === null ? null : { base } };
}
