/**
 * Regularised incomplete gamma function and its inverse (unit scale), the basis of the
 * exact Poisson limits: P(X ≥ k | μ) = P(k, μ) and P(X ≤ k | μ) = 1 − P(k + 1, μ).
 */
import { StatisticsInputError } from './statistics-input-error.ts';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(a) for a > 0 (Stirling series after shifting a above 15; absolute error about 1e-14). */
export function logGamma(a: number): number {
  if (!(a > 0)) throw new StatisticsInputError(`logGamma needs a > 0, got ${a}`);
  let shift = 0;
  let z = a;
  // Γ(z) = Γ(z + 1) / z, so push z up to where the asymptotic series is precise.
  while (z < 15) {
    shift += Math.log(z);
    z += 1;
  }
  const z2 = z * z;
  const series = 1 / (12 * z) - 1 / (360 * z * z2) + 1 / (1260 * z * z2 * z2) - 1 / (1680 * z * z2 * z2 * z2);
  return (z - 0.5) * Math.log(z) - z + HALF_LOG_TWO_PI + series - shift;
}

/** Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0)) throw new StatisticsInputError(`shape must be > 0, got ${a}`);
  if (x <= 0) return 0;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperContinuedFraction(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly in the upper tail. */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0)) throw new StatisticsInputError(`shape must be > 0, got ${a}`);
  if (x <= 0) return 1;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperContinuedFraction(a, x);
}

/** x with P(a, x) = p: the p-quantile of a Gamma(a, 1) variable. */
export function gammaQuantile(p: number, a: number): number {
  if (!(p >= 0 && p < 1)) throw new StatisticsInputError(`probability must be in [0, 1), got ${p}`);
  if (!(a > 0)) throw new StatisticsInputError(`shape must be > 0, got ${a}`);
  if (p === 0) return 0;
  const logGammaA = logGamma(a);
  // Bracket the root by doubling, then Newton steps kept inside the bracket (bisection otherwise).
  let lo = 0;
  let hi = Math.max(1, a);
  while (regularizedGammaP(a, hi) < p) {
    lo = hi;
    hi *= 2;
  }
  let x = (lo + hi) / 2;
  for (let i = 0; i < 200; i += 1) {
    const f = p <= 0.5 ? regularizedGammaP(a, x) - p : 1 - p - regularizedGammaQ(a, x);
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) - x - logGammaA);
    let next = x - f / density;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * x || hi - lo <= 1e-15 * hi) return next;
    x = next;
  }
  return x;
}

// P(a, x) = e^{-x} x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n)); converges fast for x < a + 1.
function lowerSeries(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 1000; n += 1) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

// Q(a, x) by the Legendre continued fraction (modified Lentz); converges fast for x ≥ a + 1.
function upperContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}
