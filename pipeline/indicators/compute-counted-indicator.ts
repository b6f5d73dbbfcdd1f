/**
 * Counted indicators from LSOA counts to published figures: roll-ups (counted-cells.ts), primary
 * and secondary suppression over the whole family of indicators that count the same rows
 * (disclosure/family-suppression.ts), then confidence intervals, comparison, trend and RAG
 * (counted-figures.ts).
 */
import type { AreaHierarchy } from './area-hierarchy.ts';
import { rollUpCounts, type PartCounts } from './counted-cells.ts';
import {
  countedFigures,
  JUDGEMENT,
  RAG,
  SIGNIFICANCE,
  TREND_DIRECTION,
  TREND_JUDGEMENT,
  withheldReasonText,
  WITHHELD,
  type CountedFigures,
} from './counted-figures.ts';
import { suppressFamily } from './disclosure/family-suppression.ts';
import { periodLinks } from './indicator-families.ts';
import type { CountedIndicator } from './indicator-definition.ts';
import type { IndicatorValue } from './indicator-value.ts';
import type { Period } from './periods.ts';

export type { PartCounts, PartRule } from './counted-cells.ts';
export { REASON_PRIMARY, REASON_SECONDARY, REASON_SENDER } from './counted-figures.ts';

/** One member of a family to compute: its periods (oldest first), part counts and the periods to publish. */
export type FamilyMemberInput = {
  definition: CountedIndicator;
  periods: readonly Period[];
  parts: readonly PartCounts[];
  publish: ReadonlySet<string> | null;
};

/**
 * Computes every member of an indicator family together, so that secondary suppression covers the
 * additive relations between members (months in quarters, quarters in years) as well as the areas.
 */
export function computeCountedFamily(hierarchy: AreaHierarchy, members: readonly FamilyMemberInput[]): CountedFigures[] {
  const cells = members.map((m) => rollUpCounts(m.definition, hierarchy, m.periods.length, m.parts));
  const links = periodLinks(
    members.map((m) => m.definition.grain),
    members.map((m) => m.periods),
  );
  const reasons = suppressFamily(hierarchy, cells, links);
  return members.map((m, k) => countedFigures(m.definition, hierarchy, m.periods, cells[k]!, reasons[k]!, m.publish));
}

/**
 * Computes every area × period figure of one counted indicator on its own (no other member of its
 * family): roll-ups, primary and secondary suppression, confidence intervals, comparison with the
 * benchmark area, trend and RAG. Only periods in `publish` are returned; earlier ones feed trends.
 */
export function computeCountedIndicator(
  definition: CountedIndicator,
  hierarchy: AreaHierarchy,
  periods: readonly Period[],
  parts: readonly PartCounts[],
  publish: ReadonlySet<string> | null = null,
): IndicatorValue[] {
  const [figures] = computeCountedFamily(hierarchy, [{ definition, periods, parts, publish }]);
  return figures ? figuresToValues(figures, hierarchy) : [];
}

const orNull = (n: number | undefined): number | null => (n === undefined || Number.isNaN(n) ? null : n);

/** The figures as IndicatorValue objects (area-major, then period), for callers that want objects. */
export function figuresToValues(figures: CountedFigures, hierarchy: AreaHierarchy): IndicatorValue[] {
  const { areas } = hierarchy;
  const nP = figures.periods.length;
  const values: IndicatorValue[] = [];
  for (let a = 0; a < areas.length; a++) {
    const area = areas[a]!;
    for (let t = 0; t < nP; t++) {
      if (!figures.publish[t]) continue;
      const period = figures.periods[t]!;
      const i = a * nP + t;
      const withheld = figures.withheld[i] ?? WITHHELD.none;
      const bench = figures.benchmark[i] ?? -1;
      values.push({
        indicatorId: figures.definition.id,
        level: area.level,
        areaCode: area.code,
        periodId: period.id,
        periodStart: `${period.start}-01`,
        numerator: orNull(figures.numerator[i]),
        denominator: figures.denominator[a] ?? 0,
        value: orNull(figures.value[i]),
        lower: orNull(figures.lower[i]),
        upper: orNull(figures.upper[i]),
        suppressed: withheld !== WITHHELD.none,
        suppressionReason: withheldReasonText(withheld, figures.threshold[i] ?? 0),
        comparison:
          bench >= 0
            ? {
                benchmark: areas[bench]!.code,
                significance: SIGNIFICANCE[figures.significance[i] ?? 0] ?? '',
                judgement: JUDGEMENT[figures.judgement[i] ?? 0] ?? '',
              }
            : null,
        trend: {
          direction: TREND_DIRECTION[figures.trendDirection[i] ?? 3] ?? 'cannot-calculate',
          judgement: TREND_JUDGEMENT[figures.trendJudgement[i] ?? 0] ?? null,
          periodsUsed: figures.trendPeriods[i] ?? 0,
        },
        rag: RAG[figures.rag[i] ?? 0] ?? null,
      });
    }
  }
  return values;
}
