/**
 * A counted indicator's cells before secondary suppression: LSOA counts of each numerator part
 * rolled up to every area (never from rounded or withheld figures), the denominators, and primary
 * suppression (DESIGN §5) per part and for the total. A population denominator is one number per
 * area; another indicator's count is one per area and period (withDenominatorCounts).
 */
import { primarySuppressionTest } from './disclosure/primary-suppression.ts';
import { areaChildren, type AreaHierarchy } from './area-hierarchy.ts';
import type { CountedIndicator } from './indicator-definition.ts';

/** Disclosure rule of one numerator part, from its dataset's agreement. */
export type PartRule = { threshold: number; roundingBase: number | null };

/** LSOA × period counts for each numerator part (row-major: lsoa * periods + period). */
export type PartCounts = { counts: Float64Array; senderWithheld: Uint8Array; rule: PartRule };

/** Why a cell is withheld before secondary suppression. */
export const PRIMARY_NONE = 0;
export const PRIMARY_SENDER = 1;
export const PRIMARY_SMALL = 2;

/** Area × period cells (row-major: area * periodCount + period, areas in hierarchy order). */
export type CountedCells = {
  periodCount: number;
  total: Float64Array;
  senderWithheld: Uint8Array;
  /** PRIMARY_NONE, PRIMARY_SENDER or PRIMARY_SMALL. */
  primary: Uint8Array;
  /** The threshold a PRIMARY_SMALL cell fell below (its own part's, or the strictest; agreements allow 0–100). */
  primaryThreshold: Uint8Array;
  /** Per area, for a population denominator (Census counts, the same in every period); null otherwise. */
  denominator: Float64Array | null;
  /**
   * Per area × period, for an indicator denominator: that indicator's raw count for the same area
   * and period (NaN where it has no such period); null for a population denominator.
   */
  periodDenominator: Float64Array | null;
  strictest: number;
  roundingBase: number | null;
};

function lsoaDenominator(definition: CountedIndicator, hierarchy: AreaHierarchy): Float64Array | null {
  switch (definition.denominator.kind) {
    case 'population':
      return hierarchy.population;
    case 'population-65-plus':
      return hierarchy.population65;
    case 'households':
      return hierarchy.households;
    case 'indicator':
      return null;
  }
}

const nestedChildren = new WeakMap<AreaHierarchy, number[][] | null>();

/**
 * Each area's children when the hierarchy nests (the areas holding an LSOA, localities aside, are
 * exactly the LSOA and its chain of parents), so that an area's counts are the sum of its children's
 * (a locality's children are its LSOAs); null otherwise.
 */
function childrenIfNested(hierarchy: AreaHierarchy): number[][] | null {
  let children = nestedChildren.get(hierarchy);
  if (children !== undefined) return children;
  const { areas, lsoaCount } = hierarchy;
  const holding: number[][] = Array.from({ length: lsoaCount }, () => []);
  areas.forEach((area, a) => {
    if (area.level !== 'locality') for (const l of area.lsoas) holding[l]?.push(a);
  });
  let nested = areas.slice(0, lsoaCount).every((area, l) => area.level === 'lsoa' && area.lsoas.length === 1 && area.lsoas[0] === l);
  for (let l = 0; nested && l < lsoaCount; l++) {
    const chain: number[] = [];
    for (let a: number | null = l; a !== null && chain.length <= areas.length; a = areas[a]?.parent ?? null) chain.push(a);
    const held = holding[l] ?? [];
    nested = chain.length === held.length && [...chain].sort((x, y) => x - y).every((a, i) => a === held[i]);
  }
  children = nested ? areaChildren(hierarchy) : null;
  // Children must come before their parent, as LSOAs, wards, districts and the partnership do.
  if (children?.some((kids, a) => kids.some((k) => k >= a))) children = null;
  nestedChildren.set(hierarchy, children);
  return children;
}

/**
 * Rolls LSOA counts up to every area and applies primary suppression (a small part withholds the
 * whole figure). In a nested hierarchy an area sums its children (exact, as counts are whole
 * numbers); otherwise it sums its own LSOAs.
 */
export function rollUpCounts(definition: CountedIndicator, hierarchy: AreaHierarchy, periodCount: number, parts: readonly PartCounts[]): CountedCells {
  const { areas } = hierarchy;
  const nP = periodCount;
  const nA = areas.length;
  const size = nA * nP;
  const perLsoa = lsoaDenominator(definition, hierarchy);
  const strictest = Math.max(0, ...parts.map((p) => p.rule.threshold));
  const roundingBase = Math.max(0, ...parts.map((p) => p.rule.roundingBase ?? 0)) || null;

  const denominator = perLsoa ? new Float64Array(nA) : null;
  for (let a = 0; perLsoa && denominator && a < nA; a++) {
    let d = 0;
    for (const l of areas[a]!.lsoas) d += perLsoa[l] ?? 0;
    denominator[a] = d;
  }
  const total = new Float64Array(size);
  const senderWithheld = new Uint8Array(size);
  const primary = new Uint8Array(size);
  const primaryThreshold = new Uint8Array(size);
  // One part adds straight into the total; several need their own sums for their own thresholds.
  const partTotal = parts.length === 1 ? total : new Float64Array(size);
  const children = childrenIfNested(hierarchy);
  for (const part of parts) {
    if (partTotal !== total) partTotal.fill(0);
    for (let a = 0; a < nA; a++) {
      const row = a * nP;
      const up = children !== null && a >= hierarchy.lsoaCount;
      const sources = up ? (children[a] ?? []) : areas[a]!.lsoas;
      const counts = up ? partTotal : part.counts;
      const withheld = up ? senderWithheld : part.senderWithheld;
      for (const source of sources) {
        const from = source * nP;
        for (let t = 0; t < nP; t++) {
          partTotal[row + t]! += counts[from + t] ?? 0;
          if (withheld[from + t]) senderWithheld[row + t] = 1;
        }
      }
    }
    // A part below its own agreement's threshold withholds the combined figure too.
    const threshold = part.rule.threshold;
    const smallPart = primarySuppressionTest(threshold);
    for (let i = 0; i < size; i++) {
      const n = partTotal[i] ?? 0;
      if (partTotal !== total) total[i]! += n;
      if (primary[i] === PRIMARY_NONE && smallPart(n)) {
        primary[i] = PRIMARY_SMALL;
        primaryThreshold[i] = threshold;
      }
    }
  }
  const smallTotal = primarySuppressionTest(strictest);
  for (let i = 0; i < size; i++) {
    if (senderWithheld[i]) primary[i] = PRIMARY_SENDER;
    else if (primary[i] === PRIMARY_NONE && smallTotal(total[i] ?? 0)) {
      primary[i] = PRIMARY_SMALL;
      primaryThreshold[i] = strictest;
    }
  }
  return { periodCount: nP, total, senderWithheld, primary, primaryThreshold, denominator, periodDenominator: null, strictest, roundingBase };
}

/**
 * A ratio's cells with their per-period denominator: the denominator indicator's raw counts (never
 * rounded or withheld figures) for the same area and period. `periodOf` gives, per period of the
 * ratio, its index among the denominator's periods (-1: none, so no denominator).
 */
export function withDenominatorCounts(cells: CountedCells, denominator: CountedCells, periodOf: Int32Array, areaCount: number): CountedCells {
  const nP = cells.periodCount;
  const nD = denominator.periodCount;
  const counts = new Float64Array(areaCount * nP);
  for (let a = 0; a < areaCount; a++) {
    for (let t = 0; t < nP; t++) {
      const u = periodOf[t] ?? -1;
      // A count the sender withheld in part is unknown, not the sum of the rest.
      counts[a * nP + t] = u < 0 || denominator.senderWithheld[a * nD + u] ? Number.NaN : (denominator.total[a * nD + u] ?? Number.NaN);
    }
  }
  return { ...cells, periodDenominator: counts };
}

/**
 * The cells of a proportion's remainder (denominator − numerator, a virtual member: see
 * familyRelations), for `periods` pairs of numerator and denominator period indexes. A remainder
 * between 0 and the denominator's strictest threshold is a small number like any other; one whose
 * sides the sender withheld in part is unknown.
 */
export function remainderCells(
  numerator: CountedCells,
  denominator: CountedCells,
  numeratorPeriod: Int32Array,
  denominatorPeriod: Int32Array,
  areaCount: number,
): CountedCells {
  const nP = numeratorPeriod.length;
  const size = areaCount * nP;
  const total = new Float64Array(size);
  const senderWithheld = new Uint8Array(size);
  const primary = new Uint8Array(size);
  const primaryThreshold = new Uint8Array(size);
  const threshold = denominator.strictest;
  const small = primarySuppressionTest(threshold);
  for (let a = 0; a < areaCount; a++) {
    for (let v = 0; v < nP; v++) {
      const i = a * nP + v;
      const n = a * numerator.periodCount + (numeratorPeriod[v] ?? 0);
      const d = a * denominator.periodCount + (denominatorPeriod[v] ?? 0);
      const rest = (denominator.total[d] ?? 0) - (numerator.total[n] ?? 0);
      total[i] = rest;
      if (numerator.senderWithheld[n] || denominator.senderWithheld[d]) senderWithheld[i] = 1;
      else if (small(rest)) {
        primary[i] = PRIMARY_SMALL;
        primaryThreshold[i] = threshold;
      }
    }
  }
  return { periodCount: nP, total, senderWithheld, primary, primaryThreshold, denominator: null, periodDenominator: null, strictest: threshold, roundingBase: null };
}
