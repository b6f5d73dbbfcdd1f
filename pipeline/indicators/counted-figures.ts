/**
 * A counted indicator's published figures in columns (one entry per area × period, as in
 * CountedCells): the numerator after disclosure control and rounding, the value with its 95%
 * confidence interval (Byar for crude rates, Wilson for proportions), the comparison with the
 * benchmark area, the trend over the last five periods and the RAG status. Columns rather than
 * objects, so that England-scale builds (millions of figures) stay fast and small.
 */
import { roundToBase } from './disclosure/rounding.ts';
import { byarCountLimits } from './statistics/byar-interval.ts';
import { rag } from './statistics/rag.ts';
import { compareWithBenchmark, judge } from './statistics/significance.ts';
import { trendTest, TREND_PERIODS } from './statistics/trend.ts';
import { wilsonInterval } from './statistics/wilson-interval.ts';
import type { AreaHierarchy } from './area-hierarchy.ts';
import { PRIMARY_SENDER, type CountedCells } from './counted-cells.ts';
import type { CountedIndicator } from './indicator-definition.ts';
import type { Period } from './periods.ts';

export const REASON_SENDER = 'withheld by the data provider (small number)';
export const REASON_PRIMARY = (t: number) => `small number: fewer than ${t} but more than 0`;
export const REASON_SECONDARY = 'withheld so that a small number elsewhere cannot be worked out by subtraction';
export const REASON_DENOMINATOR = 'denominator withheld: the figure this one divides by is withheld';

/** Codes of the text columns; index 0 stands for null where a column can be null. */
export const WITHHELD = { none: 0, sender: 1, small: 2, secondary: 3, denominator: 4 } as const;
export const SIGNIFICANCE = [null, 'higher', 'similar', 'lower'] as const;
export const JUDGEMENT = [null, 'better', 'worse', 'similar', 'not-compared'] as const;
export const TREND_DIRECTION = ['increasing', 'decreasing', 'no-change', 'cannot-calculate'] as const;
export const TREND_JUDGEMENT = [null, 'better', 'worse', 'no-judgement'] as const;
export const RAG = [null, 'green', 'amber', 'red', 'no-target'] as const;

/** Columns of one counted indicator's figures; NaN stands for null in the number columns. */
export type CountedFigures = {
  definition: CountedIndicator;
  periods: readonly Period[];
  /** Per period: 1 when its figures are to be written. */
  publish: Uint8Array;
  /** Per area, for a population denominator; null for an indicator denominator (see periodDenominator). */
  denominator: Float64Array | null;
  /** Per area × period, for an indicator denominator: its published count (rounded as published), NaN where withheld. */
  periodDenominator: Float64Array | null;
  numerator: Float64Array;
  value: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** A WITHHELD code, with the threshold for WITHHELD.small. */
  withheld: Uint8Array;
  threshold: Uint8Array;
  /** Index of the benchmark area, -1 when not compared. */
  benchmark: Int32Array;
  significance: Uint8Array;
  judgement: Uint8Array;
  trendDirection: Uint8Array;
  trendJudgement: Uint8Array;
  trendPeriods: Uint8Array;
  rag: Uint8Array;
};

/** The withholding reason of a figure, as shown to users. */
export function withheldReasonText(code: number, threshold: number): string | null {
  if (code === WITHHELD.sender) return REASON_SENDER;
  if (code === WITHHELD.small) return REASON_PRIMARY(threshold);
  if (code === WITHHELD.secondary) return REASON_SECONDARY;
  if (code === WITHHELD.denominator) return REASON_DENOMINATOR;
  return null;
}

/** Byar's limits of whole counts already worked out (NaN = not yet), grown as needed. */
let cachedLower = new Float64Array(0);
let cachedUpper = new Float64Array(0);
const CACHE_LIMIT = 1 << 22;

/** Byar's limits for a count (exact below BYAR_MIN_COUNT), remembered for whole counts up to CACHE_LIMIT. */
function countLimits(count: number, out: { lower: number; upper: number }): void {
  if (!(Number.isInteger(count) && count >= 0 && count < CACHE_LIMIT)) {
    const limits = byarCountLimits(count);
    out.lower = limits.lower;
    out.upper = limits.upper;
    return;
  }
  if (count >= cachedLower.length) {
    const size = Math.min(CACHE_LIMIT, Math.max(1024, 2 * (count + 1)));
    const lower = new Float64Array(size).fill(Number.NaN);
    const upper = new Float64Array(size).fill(Number.NaN);
    lower.set(cachedLower);
    upper.set(cachedUpper);
    cachedLower = lower;
    cachedUpper = upper;
  }
  if (Number.isNaN(cachedLower[count]!)) {
    const limits = byarCountLimits(count);
    cachedLower[count] = limits.lower;
    cachedUpper[count] = limits.upper;
  }
  out.lower = cachedLower[count]!;
  out.upper = cachedUpper[count]!;
}

/** How an indicator denominator was published: per ratio cell, 1 where its figure is withheld; and its rounding. */
export type DenominatorDisclosure = { withheld: Uint8Array; roundingBase: number | null };

/**
 * Turns cells and their suppression reason codes (0 published, 1 primary, 2 secondary) into
 * published figures; `publish` limits which periods are kept (earlier ones feed trends). A ratio
 * over another indicator (cells.periodDenominator) also takes how that indicator's figures were
 * published: where one is withheld, so is the ratio's figure (its own reason first).
 */
export function countedFigures(
  definition: CountedIndicator,
  hierarchy: AreaHierarchy,
  periods: readonly Period[],
  cells: CountedCells,
  reasons: Uint8Array,
  publish: ReadonlySet<string> | null = null,
  denominatorDisclosure: DenominatorDisclosure | null = null,
): CountedFigures {
  const { areas } = hierarchy;
  const nP = periods.length;
  const nA = areas.length;
  const size = nA * nP;
  const { total, denominator, periodDenominator } = cells;
  if (!denominator && !(periodDenominator && denominatorDisclosure)) {
    throw new RangeError(`indicator "${definition.id}" has no denominator counts, or not how they were published`);
  }
  const withheld = new Uint8Array(size);
  const threshold = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    if (reasons[i] === 1) {
      withheld[i] = cells.primary[i] === PRIMARY_SENDER ? WITHHELD.sender : WITHHELD.small;
      threshold[i] = cells.primary[i] === PRIMARY_SENDER ? 0 : (cells.primaryThreshold[i] ?? cells.strictest);
    } else if (reasons[i] === 2) withheld[i] = WITHHELD.secondary;
  }
  // The published denominator of a ratio: nothing where withheld, and rounded as its own figure is.
  let shownDenominator: Float64Array | null = null;
  if (periodDenominator && denominatorDisclosure) {
    shownDenominator = new Float64Array(size).fill(Number.NaN);
    const base = denominatorDisclosure.roundingBase;
    for (let i = 0; i < size; i++) {
      const d = periodDenominator[i] ?? Number.NaN;
      if (denominatorDisclosure.withheld[i] || Number.isNaN(d)) {
        if (withheld[i] === WITHHELD.none) withheld[i] = WITHHELD.denominator;
      } else shownDenominator[i] = base ? roundToBase(d, base, { keepNonZero: true }) : d;
    }
  }

  const value = new Float64Array(size).fill(Number.NaN);
  const lower = new Float64Array(size).fill(Number.NaN);
  const upper = new Float64Array(size).fill(Number.NaN);
  const proportion = definition.statistic === 'proportion';
  const multiplier = definition.multiplier;
  const counted = { lower: 0, upper: 0 };
  // One estimate from a raw count n over a raw denominator d > 0.
  const estimate = (i: number, n: number, d: number, scale: number): void => {
    value[i] = (n / d) * multiplier;
    if (proportion) {
      const limits = wilsonInterval(n, d, multiplier);
      lower[i] = limits.lower;
      upper[i] = limits.upper;
    } else {
      // As byarInterval: the count's limits times multiplier / denominator.
      countLimits(n, counted);
      lower[i] = counted.lower * scale;
      upper[i] = counted.upper * scale;
    }
  };
  for (let a = 0; a < nA; a++) {
    // A population denominator of 0 (no residents) gives no value in any period; an indicator
    // denominator is read period by period below (1 here only lets the area through).
    const areaD = denominator ? (denominator[a] ?? 0) : 1;
    if (!(areaD > 0)) continue;
    for (let i = a * nP; i < (a + 1) * nP; i++) {
      if (withheld[i] !== WITHHELD.none) continue;
      // An indicator denominator of 0 (nothing counted in that area and period) gives no value either.
      const d = periodDenominator ? (periodDenominator[i] ?? 0) : areaD;
      if (d > 0) estimate(i, total[i] ?? 0, d, multiplier / d);
    }
  }

  const numerator = new Float64Array(size).fill(Number.NaN);
  const benchmark = new Int32Array(size).fill(-1);
  const significance = new Uint8Array(size);
  const judgement = new Uint8Array(size);
  const trendDirection = new Uint8Array(size);
  const trendJudgement = new Uint8Array(size);
  const trendPeriods = new Uint8Array(size);
  const ragCode = new Uint8Array(size);
  const publishPeriod = Uint8Array.from(periods, (p) => (publish === null || publish.has(p.id) ? 1 : 0));
  const trendOptions = { kind: proportion ? ('proportion' as const) : ('rate' as const), polarity: definition.polarity, multiplier };
  const counts = new Float64Array(TREND_PERIODS);
  const denominators = new Float64Array(TREND_PERIODS);
  const target = definition.target?.value;
  const scratch = { value: 0, lower: 0, upper: 0 };
  for (let a = 0; a < nA; a++) {
    const area = areas[a]!;
    // As above: an indicator denominator is checked period by period, in the trend loop.
    const d = denominator ? (denominator[a] ?? 0) : 1;
    if (denominator) denominators.fill(d);
    for (let t = 0; t < nP; t++) {
      if (!publishPeriod[t]) continue;
      const i = a * nP + t;
      if (withheld[i] === WITHHELD.none) {
        const count = total[i] ?? 0;
        numerator[i] = cells.roundingBase ? roundToBase(count, cells.roundingBase, { keepNonZero: true }) : count;
      }
      const estimate = Number.isNaN(value[i] ?? Number.NaN) ? null : scratch;
      if (estimate) {
        estimate.value = value[i]!;
        estimate.lower = lower[i]!;
        estimate.upper = upper[i]!;
      }
      if (estimate && area.benchmark !== null) {
        const b = area.benchmark * nP + t;
        if (!Number.isNaN(value[b] ?? Number.NaN)) {
          const s = compareWithBenchmark(estimate, value[b]!);
          benchmark[i] = area.benchmark;
          significance[i] = SIGNIFICANCE.indexOf(s);
          judgement[i] = JUDGEMENT.indexOf(judge(s, definition.polarity));
        }
      }
      // Trend over this and the four earlier periods; any withheld point means it cannot be calculated.
      const used = Math.min(t, TREND_PERIODS - 1) + 1;
      trendPeriods[i] = used;
      let direction: (typeof TREND_DIRECTION)[number] = 'cannot-calculate';
      let trendJudged: (typeof TREND_JUDGEMENT)[number] = null;
      if (used === TREND_PERIODS && d > 0) {
        let published = true;
        for (let k = 0; k < TREND_PERIODS; k++) {
          const j = i - (TREND_PERIODS - 1) + k;
          if (withheld[j] !== WITHHELD.none) published = false;
          counts[k] = total[j] ?? 0;
          // Per-period denominators: a period with nothing to divide by has no value, so no trend.
          if (periodDenominator) {
            denominators[k] = periodDenominator[j] ?? 0;
            if (!(denominators[k]! > 0)) published = false;
          }
        }
        if (published) {
          const result = trendTest(counts, denominators, 0, trendOptions);
          direction = result.direction;
          trendJudged = result.judgement;
        }
      }
      trendDirection[i] = TREND_DIRECTION.indexOf(direction);
      trendJudgement[i] = TREND_JUDGEMENT.indexOf(trendJudged);
      if (estimate && target !== undefined) ragCode[i] = RAG.indexOf(rag(estimate, target, definition.polarity));
    }
  }
  return {
    definition,
    periods,
    publish: publishPeriod,
    denominator,
    periodDenominator: shownDenominator,
    numerator,
    value,
    lower,
    upper,
    withheld,
    threshold,
    benchmark,
    significance,
    judgement,
    trendDirection,
    trendJudgement,
    trendPeriods,
    rag: ragCode,
  };
}
