/**
 * Counted indicators from LSOA counts to published figures: roll-ups (counted-cells.ts), primary
 * and secondary suppression over the whole family of indicators that count the same rows or divide
 * by one another (disclosure/family-suppression.ts), then confidence intervals, comparison, trend
 * and RAG (counted-figures.ts).
 */
import type { AreaHierarchy } from './area-hierarchy.ts';
import { remainderCells, rollUpCounts, withDenominatorCounts, type PartCounts } from './counted-cells.ts';
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
import { protectByDistrict, type DistrictProtectionSummary } from './disclosure/protect-by-district.ts';
import { protectPublication, type ProtectionOptions, type ProtectionSummary } from './disclosure/protect-publication.ts';
import { familyRelations } from './indicator-families.ts';
import type { CountedIndicator } from './indicator-definition.ts';
import type { IndicatorValue } from './indicator-value.ts';
import type { Period } from './periods.ts';

export type { PartCounts, PartRule } from './counted-cells.ts';
export { REASON_DENOMINATOR, REASON_PRIMARY, REASON_SECONDARY, REASON_SENDER } from './counted-figures.ts';

/** One member of a family to compute: its periods (oldest first), part counts and the periods to publish. */
export type FamilyMemberInput = {
  definition: CountedIndicator;
  periods: readonly Period[];
  parts: readonly PartCounts[];
  publish: ReadonlySet<string> | null;
};

/**
 * The attacker's check (protect-publication.ts) after the group rules: the solver, the true counts
 * by LSOA and month, and what to tell about the work done. Without it only the group rules apply.
 * `perDistrict` runs it district by district and then the links between districts
 * (protect-by-district.ts), which checks the same system in parts.
 */
export type FamilyProtection = ProtectionOptions & { perDistrict?: boolean; onSummary?: (summary: ProtectionSummary | DistrictProtectionSummary) => void };

/**
 * Computes every member of an indicator family together, so that secondary suppression covers the
 * additive relations between members (months in quarters, quarters in years, a proportion's
 * numerator within its denominator) as well as the areas, and a ratio sees its denominator's
 * counts and suppression. A ratio's denominator indicator must be among the members.
 */
export function computeCountedFamily(hierarchy: AreaHierarchy, members: readonly FamilyMemberInput[], protection?: FamilyProtection): CountedFigures[] {
  const nA = hierarchy.areas.length;
  const cells = members.map((m) => rollUpCounts(m.definition, hierarchy, m.periods.length, m.parts));
  const relations = familyRelations(
    members.map((m) => m.definition),
    members.map((m) => m.periods),
  );
  for (const ratio of relations.ratios) cells[ratio.member] = withDenominatorCounts(cells[ratio.member]!, cells[ratio.denominator]!, ratio.periodOf, nA);
  const remainders = relations.remainders.map((r) => remainderCells(cells[r.numerator]!, cells[r.denominator]!, r.numeratorPeriod, r.denominatorPeriod, nA));
  const reasons = suppressFamily(hierarchy, [...cells, ...remainders], relations.links, relations.remainderLinks);
  // The attacker also sees the difference of two members' numerators (all fires less false alarms),
  // which can be small where no member's count is: then the check runs too.
  const numerators = new Set(members.map((m) => JSON.stringify(m.definition.numerator)));
  const smallSomewhere = [...cells, ...remainders].some((c) => c.primary.some((p) => p !== 0)) || (numerators.size > 1 && cells.some((c) => c.strictest > 0));
  if (protection && smallSomewhere) {
    const protect = protection.perDistrict ? protectByDistrict : protectPublication;
    const summary = protect(
      hierarchy,
      members.map((m, k) => {
        const ratio = relations.ratios.find((r) => r.member === k);
        return {
          definition: m.definition,
          periods: m.periods,
          total: cells[k]!.total,
          senderWithheld: cells[k]!.senderWithheld,
          reasons: reasons[k]!,
          ratio: ratio ? { denominator: ratio.denominator, periodOf: ratio.periodOf } : null,
        };
      }),
      protection,
    );
    protection.onSummary?.(summary);
  }
  const disclosure = new Map(
    relations.ratios.map((ratio) => {
      const own = cells[ratio.member]!;
      const other = cells[ratio.denominator]!;
      const otherReasons = reasons[ratio.denominator]!;
      const withheld = new Uint8Array(nA * own.periodCount);
      for (let a = 0; a < nA; a++) {
        for (let t = 0; t < own.periodCount; t++) {
          const u = ratio.periodOf[t] ?? -1;
          if (u < 0 || otherReasons[a * other.periodCount + u] !== 0) withheld[a * own.periodCount + t] = 1;
        }
      }
      return [ratio.member, { withheld, roundingBase: other.roundingBase }] as const;
    }),
  );
  return members.map((m, k) => countedFigures(m.definition, hierarchy, m.periods, cells[k]!, reasons[k]!, m.publish, disclosure.get(k) ?? null));
}

/**
 * Computes every area × period figure of one counted indicator on its own (no other member of its
 * family): roll-ups, primary and secondary suppression, confidence intervals, comparison with the
 * benchmark area, trend and RAG. Only periods in `publish` are returned; earlier ones feed trends.
 * A ratio over another indicator needs that indicator: compute them with computeCountedFamily.
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
        denominator: figures.periodDenominator ? orNull(figures.periodDenominator[i]) : (figures.denominator?.[a] ?? 0),
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
