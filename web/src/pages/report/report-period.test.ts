import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../api/client.ts';
import {
  addMonths,
  boardDateFor,
  indicatorPeriodFor,
  latestReportMonth,
  periodEndMonth,
  previousReportPeriod,
  reportPeriod,
  reportPeriodChoices,
} from './report-period.ts';

function indicator(periods: string[], latest: string | null = periods.at(-1) ?? null): Indicator {
  return {
    id: 'x',
    title: 'X',
    shortDescription: '',
    theme: 'T',
    unit: 'rate',
    multiplier: 1,
    polarity: 'low-is-good',
    grain: 'quarter',
    statistic: 'rate',
    periods: periods.map((id) => ({ id, label: id })),
    latestPeriod: latest,
    levels: ['partnership'],
    sources: [],
    target: null,
    methods: '',
    withdrawn: null,
  };
}

describe('the report period', () => {
  it('covers the six months ending with its month, across a year end', () => {
    expect(reportPeriod('2026-06')).toEqual({ id: '2026-06', first: '2026-01', last: '2026-06', label: 'January 2026 to June 2026' });
    expect(reportPeriod('2026-03').first).toBe('2025-10');
    expect(previousReportPeriod(reportPeriod('2026-03')).label).toBe('April 2025 to September 2025');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
  });

  it('knows the last month of every kind of period, and that reference periods have none', () => {
    expect(periodEndMonth('2019-01')).toBe('2019-01');
    expect(periodEndMonth('2019-Q2')).toBe('2019-06');
    expect(periodEndMonth('FY2018-19')).toBe('2019-03');
    expect(periodEndMonth('12M-2019-11')).toBe('2019-11');
    expect(periodEndMonth('IoD2025')).toBeNull();
    expect(periodEndMonth('Census2021')).toBeNull();
  });

  it('defaults to the latest month any indicator reaches, and offers six-month steps back to the earliest', () => {
    const indicators = [indicator(['2024-Q1', '2024-Q2', '2024-Q3']), indicator(['2024-10', '2024-11']), indicator(['IoD2025'])];
    expect(latestReportMonth(indicators)).toBe('2024-11');
    expect(reportPeriodChoices(indicators).map((period) => period.id)).toEqual(['2024-11', '2024-05']);
    expect(latestReportMonth([indicator(['IoD2025'])])).toBeNull();
  });

  it('gives each indicator its latest period ending by the report, saying when that is older than the report', () => {
    const quarterly = indicator(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(indicatorPeriodFor(quarterly, reportPeriod('2024-11'))).toEqual({ period: { id: '2024-Q3', label: '2024-Q3' }, timing: 'in-period' });
    expect(indicatorPeriodFor(quarterly, reportPeriod('2025-12'))?.timing).toBe('before-period');
    expect(indicatorPeriodFor(quarterly, reportPeriod('2023-12'))).toBeNull();
    expect(indicatorPeriodFor(indicator(['IoD2025']), reportPeriod('2023-12'))).toEqual({ period: { id: 'IoD2025', label: 'IoD2025' }, timing: 'reference' });
  });
});

describe('boardDateFor', () => {
  it('is the first day after the report’s six months', () => {
    expect(boardDateFor(reportPeriod('2019-03'), '2026-12-07')).toBe('2019-04-01');
    expect(boardDateFor(reportPeriod('2018-12'), '2026-12-07')).toBe('2019-01-01');
  });

  it('is today’s (null) for a report whose months have not all passed', () => {
    expect(boardDateFor(reportPeriod('2026-12'), '2026-12-07')).toBeNull();
    expect(boardDateFor(reportPeriod('2026-11'), '2026-12-01')).toBe('2026-12-01');
  });
});
