/**
 * Where the boards read indicator figures from: published figures only (after disclosure control,
 * and withheld whole while an agreement behind them is not in force). Kept behind one small
 * interface so it can be pointed at another published-figures reader without touching the
 * priorities, risks or evaluations built on it.
 */
import type { Agreement } from '../agreements/agreement-schema.ts';
import { agreementInForce } from '../agreements/load-agreements.ts';
import type { Database } from '../db/database.ts';
import { AgreementError } from '../errors.ts';
import { sourceDatasets, type IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { publishedFigure, type PublishedFigure } from '../indicators/indicator-value.ts';
import { monthsOfPeriod, periodLabel } from '../indicators/periods.ts';

/** One published figure of an area's series, with the period it covers. */
export type SeriesPoint = PublishedFigure & {
  periodId: string;
  periodLabel: string;
  /** First and last month the period covers (YYYY-MM). */
  firstMonth: string;
  lastMonth: string;
};

/** Published series of indicators for areas. */
export interface PublishedSeries {
  /** The figures of one indicator for one area, oldest first (empty when there are none). */
  series(indicatorId: string, areaCode: string): Promise<SeriesPoint[]>;
  /** The figures of one indicator for every area of a level, in one period or (without one) in every period. */
  level(indicatorId: string, level: string, periodId?: string): Promise<(SeriesPoint & { areaCode: string })[]>;
  /** An area's name (the partnership's, a district's, a ward's…), or null when there is no such area. */
  areaName(areaCode: string): Promise<string | null>;
}

/** Why an indicator's figures are withdrawn today (an agreement not in force), or null. */
function withdrawal(definition: IndicatorDefinition | undefined, definitions: readonly IndicatorDefinition[], agreements: readonly Agreement[], today: string): string | null {
  if (!definition) return null;
  for (const dataset of sourceDatasets(definition, definitions)) {
    try {
      agreementInForce(agreements, dataset, today);
    } catch (error) {
      if (error instanceof AgreementError) return `withdrawn: ${error.message}`;
      throw error;
    }
  }
  return null;
}

function point(row: Record<string, unknown>, withdrawn: string | null): SeriesPoint {
  const periodId = String(row.period_id);
  const months = monthsOfPeriod(periodId);
  const start = String(row.start).slice(0, 7);
  return {
    periodId,
    periodLabel: periodLabel(periodId),
    firstMonth: months[0] ?? start,
    lastMonth: months[months.length - 1] ?? start,
    ...publishedFigure(row, withdrawn),
  };
}

const FIGURE_COLUMNS = `period_id, period_start::VARCHAR AS start, numerator, denominator, value, lower, upper, suppressed, suppression_reason, comparison, trend, rag`;

/** Published series read from the database's indicator_value view. */
export function databaseSeries(db: Database, definitions: readonly IndicatorDefinition[], agreements: readonly Agreement[], today: () => string): PublishedSeries {
  const withdrawn = (id: string) => withdrawal(definitions.find((d) => d.id === id), definitions, agreements, today());
  return {
    async series(indicatorId, areaCode) {
      const rows = await db.all(`SELECT ${FIGURE_COLUMNS} FROM indicator_value WHERE indicator_id = $id AND area_code = $area ORDER BY period_start`, { id: indicatorId, area: areaCode });
      const reason = withdrawn(indicatorId);
      return rows.map((r) => point(r, reason));
    },
    async level(indicatorId, level, periodId) {
      const rows = await db.all(
        `SELECT area_code, ${FIGURE_COLUMNS} FROM indicator_value
         WHERE indicator_id = $id AND level = $level AND ($period IS NULL OR period_id = $period) ORDER BY period_start, area_code`,
        { id: indicatorId, level, period: periodId ?? null },
      );
      const reason = withdrawn(indicatorId);
      return rows.map((r) => ({ areaCode: String(r.area_code), ...point(r, reason) }));
    },
    async areaName(areaCode) {
      const rows = await db.all(`SELECT name FROM area WHERE code = $code`, { code: areaCode });
      return rows[0] ? String(rows[0].name) : null;
    },
  };
}

/** The latest point whose period had ended by a date (YYYY-MM-DD), or null. */
export function latestAsAt(points: readonly SeriesPoint[], date: string): SeriesPoint | null {
  const month = date.slice(0, 7);
  let found: SeriesPoint | null = null;
  for (const p of points) if (p.lastMonth < month) found = p;
  return found;
}
