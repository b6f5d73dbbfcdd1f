/**
 * Turns annual rates into per-LSOA expectations and samplers: every rate is scaled by a base
 * (residents, residents 65+, households) and tilted by deprivation, then renormalised so the
 * overall rate stays the documented one.
 */
import type { Lsoa } from './areas.ts';
import { WeightedPicker } from './rng.ts';

/** Which denominator a rate is per 1,000 of. */
export type RateBase = 'population' | 'pop65' | 'households';

/** An annual rate per 1,000 of a base, with a deprivation elasticity (0 = flat, 1 = proportional to IMD score). */
export interface RateSpec {
  perThousand: number;
  base: RateBase;
  depElasticity: number;
}

function baseOf(l: Lsoa, base: RateBase): number {
  return base === 'population' ? l.population : base === 'pop65' ? l.pop65 : l.households;
}

/** Per-LSOA annual expected counts (same order as `lsoas`). */
export function annualExpectations(lsoas: readonly Lsoa[], spec: RateSpec, perThousandFor?: (l: Lsoa) => number): Float64Array {
  const raw = new Float64Array(lsoas.length);
  let baseSum = 0;
  let tiltedSum = 0;
  lsoas.forEach((l, i) => {
    const b = baseOf(l, spec.base);
    const tilted = b * Math.pow(Math.max(l.depIndex, 0.05), spec.depElasticity);
    raw[i] = tilted;
    baseSum += b;
    tiltedSum += tilted;
  });
  // Renormalise so that the tilt moves counts between LSOAs without changing the area-wide rate.
  const norm = tiltedSum > 0 ? baseSum / tiltedSum : 1;
  lsoas.forEach((l, i) => {
    const rate = perThousandFor ? perThousandFor(l) : spec.perThousand;
    raw[i] = ((raw[i] ?? 0) * norm * rate) / 1000;
  });
  return raw;
}

/** A sampler that places rows in LSOAs in proportion to their expected counts, plus the annual total. */
export interface Placement {
  annualTotal: number;
  picker: WeightedPicker<Lsoa>;
}

/** Builds a placement sampler for a rate. */
export function placement(lsoas: readonly Lsoa[], spec: RateSpec): Placement {
  const expected = annualExpectations(lsoas, spec);
  const total = expected.reduce((s, v) => s + v, 0);
  return { annualTotal: total, picker: new WeightedPicker(lsoas, Array.from(expected)) };
}
