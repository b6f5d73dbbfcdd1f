/**
 * Wilson score interval for a proportion, the Fingertips method for proportions
 * (APHO Technical Briefing 3; Newcombe 1998, method 3):
 *   (2r + z² ± z·√(z² + 4r(1 − p))) / (2(n + z²)),  p = r/n,  scaled by the multiplier.
 */
import { zForConfidence } from './normal-quantile.ts';
import { StatisticsInputError } from './statistics-input-error.ts';

/** Wilson score interval for numerator/denominator × multiplier (100 for a percentage). */
export function wilsonInterval(
  numerator: number,
  denominator: number,
  multiplier: number,
  confidence = 0.95,
): { lower: number; upper: number } {
  if (!(denominator > 0) || !Number.isFinite(denominator)) {
    throw new StatisticsInputError(`denominator must be > 0, got ${denominator}`);
  }
  if (!(numerator >= 0 && numerator <= denominator)) {
    throw new StatisticsInputError(`numerator must be in [0, denominator], got ${numerator}/${denominator}`);
  }
  if (!(multiplier > 0)) throw new StatisticsInputError(`multiplier must be > 0, got ${multiplier}`);
  const z = zForConfidence(confidence);
  const z2 = z * z;
  const p = numerator / denominator;
  const centre = 2 * numerator + z2;
  const spread = z * Math.sqrt(z2 + 4 * numerator * (1 - p));
  const scale = multiplier / (2 * (denominator + z2));
  // At r = 0 and r = n the exact limits are 0 and 1; pin them rather than keep rounding noise.
  return {
    lower: numerator === 0 ? 0 : Math.max(0, (centre - spread) * scale),
    upper: numerator === denominator ? multiplier : Math.min(multiplier, (centre + spread) * scale),
  };
}
