/**
 * The one reason a published response gives for a withheld figure (DESIGN §5, SDC.md). The build
 * stores which rule withheld it (small number, withheld beside one, denominator withheld, sender's
 * suppression) for analysts, but saying so publicly tells an attacker a range: "fewer than 3 but
 * more than 0" puts a cell in [1, 2], and "withheld so that…" says it is 0 or at least 3. Only the
 * sender's own suppression is named, since the sender's file already says it and we know no more.
 */
import { REASON_SENDER } from '../counted-figures.ts';

/** Public reason for a figure we withheld, whatever rule withheld it. */
export const PUBLIC_REASON_CONFIDENTIAL = 'withheld to protect confidentiality';
/** Public reason for a count the data provider suppressed before sending it. */
export const PUBLIC_REASON_SENDER = 'withheld by the data provider';

/** The public reason for a stored withholding reason (null when the figure is published). */
export function publicWithheldReason(stored: string | null, suppressed: boolean): string | null {
  if (!suppressed) return null;
  return stored === REASON_SENDER ? PUBLIC_REASON_SENDER : PUBLIC_REASON_CONFIDENTIAL;
}
