import { isPrimarySuppressed } from './disclosure/primary-suppression.ts';
import { secondarySuppressIndexed, type IndexedGroup, type SuppressionCell } from './disclosure/secondary-suppression.ts';
import { roundToBase } from './disclosure/rounding.ts';
import { byarInterval } from './statistics/byar-interval.ts';
import { rag } from './statistics/rag.ts';
import { compareWithBenchmark, judge } from './statistics/significance.ts';
import { trend } from './statistics/trend.ts';
import { wilsonInterval } from './statistics/wilson-interval.ts';
import type { AreaHierarchy } from './area-hierarchy.ts';
import type { CountedIndicator } from './indicator-definition.ts';
import type { IndicatorValue } from './indicator-value.ts';
import type { Period } from './periods.ts';

/** Disclosure rule of one numerator part, from its dataset's agreement. */
export type PartRule = { threshold: number; roundingBase: number | null };

/** LSOA × period counts for each numerator part (row-major: lsoa * periods + period). */
export type PartCounts = { counts: Float64Array; senderWithheld: Uint8Array; rule: PartRule };

export const REASON_SENDER = 'withheld by the data provider (small number)';
export const REASON_PRIMARY = (t: number) => `small number: fewer than ${t} but more than 0`;
export const REASON_SECONDARY = 'withheld so that a small number elsewhere cannot be worked out by subtraction';

function denominatorOf(definition: CountedIndicator, hierarchy: AreaHierarchy): Float64Array {
  switch (definition.denominator.kind) {
    case 'population':
      return hierarchy.population;
    case 'population-65-plus':
      return hierarchy.population65;
    case 'households':
      return hierarchy.households;
  }
}

/**
 * Computes every area × period figure of a counted indicator: roll-ups from
 * LSOA counts (never from rounded or withheld figures), primary and secondary
 * suppression, confidence intervals, comparison with the benchmark area,
 * trend and RAG. Only periods in `publish` are returned; earlier ones feed trends.
 */
export function computeCountedIndicator(
  definition: CountedIndicator,
  hierarchy: AreaHierarchy,
  periods: readonly Period[],
  parts: readonly PartCounts[],
  publish: ReadonlySet<string> | null = null,
): IndicatorValue[] {
  const { areas, lsoaCount } = hierarchy;
  const nP = periods.length;
  const nA = areas.length;
  const lsoaDenominator = denominatorOf(definition, hierarchy);
  const strictest = Math.max(0, ...parts.map((p) => p.rule.threshold));
  const roundingBase = Math.max(0, ...parts.map((p) => p.rule.roundingBase ?? 0)) || null;

  // Roll up each part's counts from LSOAs to every area.
  const total = new Float64Array(nA * nP);
  const denominator = new Float64Array(nA);
  const senderWithheld = new Uint8Array(nA * nP);
  const primaryReason: (string | null)[] = new Array(nA * nP).fill(null);
  for (let a = 0; a < nA; a++) {
    const area = areas[a]!;
    let d = 0;
    for (const l of area.lsoas) d += lsoaDenominator[l] ?? 0;
    denominator[a] = d;
  }
  for (const part of parts) {
    const partTotal = new Float64Array(nA * nP);
    for (let a = 0; a < nA; a++) {
      for (const l of areas[a]!.lsoas) {
        for (let t = 0; t < nP; t++) {
          partTotal[a * nP + t]! += part.counts[l * nP + t] ?? 0;
          if (part.senderWithheld[l * nP + t]) senderWithheld[a * nP + t] = 1;
        }
      }
    }
    for (let i = 0; i < nA * nP; i++) {
      total[i]! += partTotal[i] ?? 0;
      // A part below its own agreement's threshold withholds the combined figure too.
      if (primaryReason[i] === null && isPrimarySuppressed(partTotal[i] ?? 0, part.rule.threshold)) primaryReason[i] = REASON_PRIMARY(part.rule.threshold);
    }
  }
  for (let i = 0; i < nA * nP; i++) {
    if (senderWithheld[i]) primaryReason[i] = REASON_SENDER;
    else if (primaryReason[i] === null && isPrimarySuppressed(total[i] ?? 0, strictest)) primaryReason[i] = REASON_PRIMARY(strictest);
  }

  // Secondary suppression along the area hierarchy, period by period.
  const withheld = new Map<number, string>();
  if (primaryReason.some((r) => r !== null)) {
    const cells: SuppressionCell[] = [];
    for (let i = 0; i < nA * nP; i++) {
      cells.push({ key: '', count: senderWithheld[i] ? null : (total[i] ?? 0), primary: primaryReason[i] !== null });
    }
    const groups: IndexedGroup[] = [];
    const children = new Map<number, number[]>();
    areas.forEach((area, a) => {
      if (area.parent !== null) children.set(area.parent, [...(children.get(area.parent) ?? []), a]);
    });
    for (const [parent, kids] of children) {
      for (let t = 0; t < nP; t++) groups.push({ total: parent * nP + t, parts: kids.map((k) => k * nP + t) });
    }
    const reasons = secondarySuppressIndexed(cells, groups);
    for (let i = 0; i < reasons.length; i++) {
      if (reasons[i] === 1) withheld.set(i, primaryReason[i] ?? REASON_PRIMARY(strictest));
      else if (reasons[i] === 2) withheld.set(i, REASON_SECONDARY);
    }
  }

  const interval = definition.statistic === 'proportion' ? wilsonInterval : byarInterval;
  const estimates: ({ value: number; lower: number; upper: number } | null)[] = new Array(nA * nP).fill(null);
  for (let i = 0; i < nA * nP; i++) {
    const d = denominator[Math.floor(i / nP)] ?? 0;
    if (withheld.has(i) || d <= 0) continue;
    const n = total[i] ?? 0;
    const { lower, upper } = interval(n, d, definition.multiplier);
    estimates[i] = { value: (n / d) * definition.multiplier, lower, upper };
  }

  const values: IndicatorValue[] = [];
  for (let a = 0; a < nA; a++) {
    const area = areas[a]!;
    for (let t = 0; t < nP; t++) {
      const period = periods[t]!;
      if (publish && !publish.has(period.id)) continue;
      const i = a * nP + t;
      const estimate = estimates[i] ?? null;
      const reason = withheld.get(i) ?? null;
      const benchmark = area.benchmark === null ? null : (estimates[area.benchmark * nP + t] ?? null);
      const comparison =
        estimate && benchmark && area.benchmark !== null
          ? (() => {
              const significance = compareWithBenchmark(estimate, benchmark.value);
              return { benchmark: areas[area.benchmark]!.code, significance, judgement: judge(significance, definition.polarity) };
            })()
          : null;
      const points = [];
      for (let k = Math.max(0, t - 4); k <= t; k++) {
        const j = a * nP + k;
        points.push({ count: withheld.has(j) ? null : (total[j] ?? 0), denominator: denominator[a] ?? 0, suppressed: withheld.has(j) });
      }
      const trendResult = trend(points, {
        kind: definition.statistic === 'proportion' ? 'proportion' : 'rate',
        polarity: definition.polarity,
        multiplier: definition.multiplier,
      });
      const count = reason ? null : (total[i] ?? 0);
      values.push({
        indicatorId: definition.id,
        level: area.level,
        areaCode: area.code,
        periodId: period.id,
        periodStart: `${period.start}-01`,
        numerator: count === null ? null : roundingBase ? roundToBase(count, roundingBase, { keepNonZero: true }) : count,
        denominator: denominator[a] ?? 0,
        value: estimate?.value ?? null,
        lower: estimate?.lower ?? null,
        upper: estimate?.upper ?? null,
        suppressed: reason !== null,
        suppressionReason: reason,
        comparison,
        trend: { direction: trendResult.direction, judgement: trendResult.judgement, periodsUsed: trendResult.periodsUsed },
        rag: estimate && definition.target ? rag(estimate, definition.target.value, definition.polarity) : null,
      });
    }
  }
  void lsoaCount;
  return values;
}
