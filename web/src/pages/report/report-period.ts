/**
 * The board report's six-month period. A report covers the six calendar months ending with a
 * month (`?period=2026-06` is January to June 2026); the previous report covers the six months
 * before. Each indicator shows its latest figure whose period ends by the report's last month,
 * so a quarterly or annual indicator shows the quarter or year that the report's months close.
 */
import type { Indicator, Period } from '../../api/client.ts';

/** A month as `YYYY-MM`. */
export type Month = string;

export interface ReportPeriod {
  /** The report's id: its last month, `YYYY-MM`. */
  id: Month;
  first: Month;
  last: Month;
  /** "January 2026 to June 2026". */
  label: string;
}

const MONTH_ID = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function monthIndex(month: Month): number {
  const match = MONTH_ID.exec(month);
  if (match === null) throw new RangeError(`${month} is not a month (YYYY-MM)`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

function monthOf(index: number): Month {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month `count` months after `month` (before when negative). */
export function addMonths(month: Month, count: number): Month {
  return monthOf(monthIndex(month) + count);
}

/** "June 2026". */
export function monthLabel(month: Month): string {
  const index = monthIndex(month);
  return `${MONTH_NAMES[index % 12]} ${Math.floor(index / 12)}`;
}

/** Whether `text` is a report period id (a month, `YYYY-MM`). */
export function isReportPeriodId(text: string): boolean {
  return MONTH_ID.test(text);
}

/** The six months ending with `last`. */
export function reportPeriod(last: Month): ReportPeriod {
  const first = addMonths(last, -5);
  return { id: last, first, last, label: `${monthLabel(first)} to ${monthLabel(last)}` };
}

/** The report before `period`: the six months before its first month. */
export function previousReportPeriod(period: ReportPeriod): ReportPeriod {
  return reportPeriod(addMonths(period.first, -1));
}

/**
 * The last month of a period of the API (`2019-01`, `2019-Q1`, `FY2018-19`, `12M-2019-03`), or
 * null for a reference period (`IoD2025`, `Census2021`), which belongs to no six months.
 */
export function periodEndMonth(periodId: string): Month | null {
  if (MONTH_ID.test(periodId)) return periodId;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(periodId);
  if (quarter !== null) return `${quarter[1]}-${String(Number(quarter[2]) * 3).padStart(2, '0')}`;
  const financialYear = /^FY(\d{4})-\d{2}$/.exec(periodId);
  if (financialYear !== null) return `${Number(financialYear[1]) + 1}-03`;
  const rolling = /^12M-(\d{4}-(?:0[1-9]|1[0-2]))$/.exec(periodId);
  if (rolling?.[1] !== undefined) return rolling[1];
  return null;
}

/** The latest month any indicator's latest period ends in: the default report ends there. Null when no indicator has a dated period. */
export function latestReportMonth(indicators: readonly Indicator[]): Month | null {
  let latest: Month | null = null;
  for (const indicator of indicators) {
    for (const period of indicator.periods) {
      const end = periodEndMonth(period.id);
      if (end !== null && (latest === null || end > latest)) latest = end;
    }
  }
  return latest;
}

/** The earliest month any indicator's periods end in. */
function earliestMonth(indicators: readonly Indicator[]): Month | null {
  let earliest: Month | null = null;
  for (const indicator of indicators) {
    for (const period of indicator.periods) {
      const end = periodEndMonth(period.id);
      if (end !== null && (earliest === null || end < earliest)) earliest = end;
    }
  }
  return earliest;
}

/** The reports one can choose, latest first: six-month steps back from the latest month while any figure falls in them. */
export function reportPeriodChoices(indicators: readonly Indicator[]): ReportPeriod[] {
  const latest = latestReportMonth(indicators);
  const earliest = earliestMonth(indicators);
  if (latest === null || earliest === null) return [];
  const choices: ReportPeriod[] = [];
  for (let period = reportPeriod(latest); period.last >= earliest; period = previousReportPeriod(period)) choices.push(period);
  return choices;
}

/** How an indicator's figure relates to the report: within its months, before them (nothing newer), or a reference statistic. */
export type FigureTiming = 'in-period' | 'before-period' | 'reference';

export interface ReportFigurePeriod {
  period: Period;
  timing: FigureTiming;
}

/**
 * The period an indicator reports for `report`: its latest period ending by the report's last
 * month (a reference indicator: its latest), or null when it has none that early.
 */
export function indicatorPeriodFor(indicator: Indicator, report: ReportPeriod): ReportFigurePeriod | null {
  let chosen: { period: Period; end: Month } | null = null;
  for (const period of indicator.periods) {
    const end = periodEndMonth(period.id);
    if (end === null) continue;
    if (end <= report.last && (chosen === null || end > chosen.end)) chosen = { period, end };
  }
  if (chosen !== null) return { period: chosen.period, timing: chosen.end >= report.first ? 'in-period' : 'before-period' };
  const latest = indicator.periods.find((period) => period.id === indicator.latestPeriod);
  if (latest !== undefined && periodEndMonth(latest.id) === null) return { period: latest, timing: 'reference' };
  return null;
}

/**
 * The date the report's priorities and risk register are as at: the first day after its last
 * month (so the measures are judged on figures up to that month, and the register as its latest
 * review by then scored it); null when that day is after `today` (YYYY-MM-DD): then today's.
 */
export function boardDateFor(report: ReportPeriod, today: string): string | null {
  const day = `${addMonths(report.last, 1)}-01`;
  return day > today ? null : day;
}
