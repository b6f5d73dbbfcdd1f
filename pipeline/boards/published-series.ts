/**
 * Where the boards read indicator figures from: published figures only (after disclosure control,
 * and withheld whole while an agreement behind them is not in force). Kept behind one small
 * interface (tests give it generated series) so the priorities, risks and evaluations built on it
 * never read the database themselves.
 */
import { InputError } from '../errors.ts';
import { LEVELS, type Level } from '../indicators/area-hierarchy.ts';
import type { PublishedFigure } from '../indicators/indicator-value.ts';
import type { PublishedFigures } from '../indicators/published-figures.ts';
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

function withMonths(periodId: string, periodStart: string, figure: PublishedFigure): SeriesPoint {
  const months = monthsOfPeriod(periodId);
  const start = periodStart.slice(0, 7);
  return { periodId, periodLabel: periodLabel(periodId), firstMonth: months[0] ?? start, lastMonth: months[months.length - 1] ?? start, ...figure };
}

/** A level name from a board definition, checked. */
function levelOf(level: string): Level {
  if ((LEVELS as readonly string[]).includes(level)) return level as Level;
  throw new InputError(`"${level}" is not a level; use one of ${LEVELS.join(', ')}`, { field: 'level' });
}

/**
 * Published series read through the one reader of published figures (published-figures.ts), so
 * the boards see exactly what the API publishes: disclosure flags, and nothing while an agreement
 * behind an indicator is not in force.
 */
export function publishedSeries(figures: PublishedFigures): PublishedSeries {
  return {
    async series(indicatorId, areaCode) {
      const points = await figures.series(figures.definition(indicatorId), areaCode);
      return points.map(({ periodId, periodStart, ...figure }) => withMonths(periodId, periodStart, figure));
    },
    async level(indicatorId, level, periodId) {
      const points = await figures.levelSeries(figures.definition(indicatorId), levelOf(level), periodId ?? null);
      return points.map(({ areaCode, periodId: id, periodStart, ...figure }) => ({ areaCode, ...withMonths(id, periodStart, figure) }));
    },
    areaName: (areaCode) => figures.areaName(areaCode),
  };
}

/** The latest point whose period had ended by a date (YYYY-MM-DD), or null. */
export function latestAsAt(points: readonly SeriesPoint[], date: string): SeriesPoint | null {
  const month = date.slice(0, 7);
  let found: SeriesPoint | null = null;
  for (const p of points) if (p.lastMonth < month) found = p;
  return found;
}
