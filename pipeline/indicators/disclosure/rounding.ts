/**
 * Rounding of published counts to a base, applied after suppression (DESIGN §5): round half up to the
 * nearest multiple of the base. When the agreement says a non-zero count must not appear as zero
 * (`keepNonZero`), a count that would round to 0 is published as the base instead, because a 0 would
 * falsely assert that nothing happened. With a threshold T ≥ base/2 this cannot arise for published counts.
 */
import { DisclosureInputError } from './disclosure-input-error.ts';

/** Rounds a count to the nearest multiple of `base` (halves up); optionally never turns non-zero into 0. */
export function roundToBase(count: number, base: number, options: { keepNonZero?: boolean } = {}): number {
  if (!(base > 0) || !Number.isInteger(base)) throw new DisclosureInputError(`invalid rounding base ${base}`);
  if (!(count >= 0) || !Number.isFinite(count)) throw new DisclosureInputError(`invalid count ${count}`);
  const rounded = Math.floor(count / base + 0.5) * base;
  return rounded === 0 && count > 0 && options.keepNonZero === true ? base : rounded;
}
