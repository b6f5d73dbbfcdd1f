import type { Level } from './area-hierarchy.ts';

/** One published figure: an indicator for an area and period, after disclosure control. */
export type IndicatorValue = {
  indicatorId: string;
  level: Level;
  areaCode: string;
  periodId: string;
  periodStart: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  lower: number | null;
  upper: number | null;
  suppressed: boolean;
  suppressionReason: string | null;
  comparison: { benchmark: string; significance: string; judgement: string } | null;
  trend: { direction: string; judgement: string | null; periodsUsed: number } | null;
  rag: string | null;
};
