import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completePeriods, monthsOfPeriod, periodLabel, periodsContaining, type Grain } from './periods.ts';

const GRAINS: readonly Grain[] = ['month', 'quarter', 'financial-year', 'rolling-12-months'];

/** Every month from first to last inclusive, as YYYY-MM. */
function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let y = Number(first.slice(0, 4));
  let m = Number(first.slice(5, 7));
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month === last) return out;
    m++;
    if (m === 13) {
      m = 1;
      y++;
    }
  }
}

const monthArbitrary = fc
  .record({ year: fc.integer({ min: 1995, max: 2040 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}`);

describe('periodsContaining', () => {
  it('gives a month its own period', () => {
    expect(periodsContaining('month', '2019-01')).toEqual([{ id: '2019-01', label: 'Jan 2019', start: '2019-01', months: ['2019-01'] }]);
  });

  it('puts each month in its calendar quarter', () => {
    expect(periodsContaining('quarter', '2019-03')).toEqual([
      { id: '2019-Q1', label: 'Jan 2019 to Mar 2019', start: '2019-01', months: ['2019-01', '2019-02', '2019-03'] },
    ]);
    expect(periodsContaining('quarter', '2019-04')[0]?.id).toBe('2019-Q2');
    expect(periodsContaining('quarter', '2018-12')).toEqual([
      { id: '2018-Q4', label: 'Oct 2018 to Dec 2018', start: '2018-10', months: ['2018-10', '2018-11', '2018-12'] },
    ]);
  });

  it('runs the financial year from April to March: FY2018-19 is Apr 2018 to Mar 2019', () => {
    const fy = periodsContaining('financial-year', '2018-04');
    expect(fy).toEqual([{ id: 'FY2018-19', label: '2018/19', start: '2018-04', months: monthRange('2018-04', '2019-03') }]);
    // The last month of the financial year belongs to it, the next month starts a new one, the one before an old one.
    expect(periodsContaining('financial-year', '2019-03')[0]?.id).toBe('FY2018-19');
    expect(periodsContaining('financial-year', '2019-04')[0]?.id).toBe('FY2019-20');
    expect(periodsContaining('financial-year', '2018-03')[0]?.id).toBe('FY2017-18');
    // January and December are in the same financial year even though the calendar year changes.
    expect(periodsContaining('financial-year', '2018-12')[0]?.id).toBe(periodsContaining('financial-year', '2019-01')[0]?.id);
  });

  it('writes the century turn of a financial year with two digits', () => {
    expect(periodsContaining('financial-year', '2000-02')).toEqual([
      { id: 'FY1999-00', label: '1999/00', start: '1999-04', months: monthRange('1999-04', '2000-03') },
    ]);
  });

  it('puts a month in the twelve rolling windows that end in it or in the eleven months after it', () => {
    const windows = periodsContaining('rolling-12-months', '2019-01');
    expect(windows.map((w) => w.id)).toEqual(monthRange('2019-01', '2019-12').map((m) => `12M-${m}`));
    expect(windows[0]).toEqual({ id: '12M-2019-01', label: '12 months to Jan 2019', start: '2018-02', months: monthRange('2018-02', '2019-01') });
    expect(windows[11]).toEqual({ id: '12M-2019-12', label: '12 months to Dec 2019', start: '2019-01', months: monthRange('2019-01', '2019-12') });
  });

  it('property: every period holds the month, has consecutive months from its start, and round-trips through its id', () => {
    fc.assert(
      fc.property(fc.constantFrom(...GRAINS), monthArbitrary, (grain, month) => {
        const periods = periodsContaining(grain, month);
        expect(periods.length).toBe(grain === 'rolling-12-months' ? 12 : 1);
        for (const period of periods) {
          const expectedLength = { month: 1, quarter: 3, 'financial-year': 12, 'rolling-12-months': 12 }[grain];
          expect(period.months).toContain(month);
          expect(period.months).toEqual(monthRange(period.start, period.months[period.months.length - 1]!));
          expect(period.months).toHaveLength(expectedLength);
          expect(monthsOfPeriod(period.id)).toEqual(period.months);
          expect(periodLabel(period.id)).toBe(period.label);
        }
      }),
    );
  });

  it('property: within a grain, period ids sort in the same order as their start months', () => {
    fc.assert(
      fc.property(fc.constantFrom(...GRAINS), monthArbitrary, monthArbitrary, (grain, a, b) => {
        const pa = periodsContaining(grain, a)[0]!;
        const pb = periodsContaining(grain, b)[0]!;
        expect(Math.sign(pa.id.localeCompare(pb.id))).toBe(Math.sign(pa.start.localeCompare(pb.start)));
      }),
    );
  });
});

describe('completePeriods', () => {
  const pilotMonths = new Set(monthRange('2017-04', '2019-03'));

  it('publishes each covered month, oldest first', () => {
    expect(completePeriods('month', new Set(['2019-01', '2018-11', '2018-12'])).map((p) => p.id)).toEqual(['2018-11', '2018-12', '2019-01']);
  });

  it('publishes only quarters whose three months are all covered', () => {
    expect(completePeriods('quarter', new Set(monthRange('2018-11', '2019-04'))).map((p) => p.id)).toEqual(['2019-Q1']);
    expect(completePeriods('quarter', pilotMonths).map((p) => p.id)).toEqual([
      '2017-Q2', '2017-Q3', '2017-Q4', '2018-Q1', '2018-Q2', '2018-Q3', '2018-Q4', '2019-Q1',
    ]);
  });

  it('publishes a financial year only when April to March are all covered', () => {
    expect(completePeriods('financial-year', pilotMonths).map((p) => p.id)).toEqual(['FY2017-18', 'FY2018-19']);
    // Twelve months that straddle two financial years make neither complete.
    expect(completePeriods('financial-year', new Set(monthRange('2018-01', '2018-12')))).toEqual([]);
    const missingMarch = new Set(pilotMonths);
    missingMarch.delete('2019-03');
    expect(completePeriods('financial-year', missingMarch).map((p) => p.id)).toEqual(['FY2017-18']);
  });

  it('publishes each rolling window whose twelve months are covered', () => {
    const windows = completePeriods('rolling-12-months', pilotMonths);
    expect(windows.map((p) => p.id)).toEqual(monthRange('2018-03', '2019-03').map((m) => `12M-${m}`));
    expect(windows[0]?.months).toEqual(monthRange('2017-04', '2018-03'));
  });

  it('leaves out every period that holds a month with no data', () => {
    const gap = new Set(pilotMonths);
    gap.delete('2018-06');
    expect(completePeriods('month', gap).map((p) => p.id)).not.toContain('2018-06');
    expect(completePeriods('quarter', gap).map((p) => p.id)).not.toContain('2018-Q2');
    expect(completePeriods('financial-year', gap).map((p) => p.id)).toEqual(['FY2017-18']);
    // Windows ending Jun 2018 .. May 2019 hold June 2018; of those only ones ending by Mar 2019 could exist.
    expect(completePeriods('rolling-12-months', gap).map((p) => p.id)).toEqual(['12M-2018-03', '12M-2018-04', '12M-2018-05']);
  });

  it('gives nothing when nothing is covered', () => {
    for (const grain of GRAINS) expect(completePeriods(grain, new Set())).toEqual([]);
  });
});

describe('periodLabel and monthsOfPeriod', () => {
  it('labels every kind of period id', () => {
    expect(periodLabel('2019-01')).toBe('Jan 2019');
    expect(periodLabel('2018-12')).toBe('Dec 2018');
    expect(periodLabel('2019-Q1')).toBe('Jan 2019 to Mar 2019');
    expect(periodLabel('2018-Q4')).toBe('Oct 2018 to Dec 2018');
    expect(periodLabel('FY2018-19')).toBe('2018/19');
    expect(periodLabel('12M-2019-03')).toBe('12 months to Mar 2019');
    expect(periodLabel('IoD2025')).toBe('Indices of Deprivation 2025');
    expect(periodLabel('Census2021')).toBe('Census 2021');
  });

  it('gives an unknown id back unchanged rather than guessing', () => {
    expect(periodLabel('2019-Q5')).toBe('2019-Q5');
    expect(periodLabel('something')).toBe('something');
  });

  it('lists the months of each kind of period, oldest first', () => {
    expect(monthsOfPeriod('2019-01')).toEqual(['2019-01']);
    expect(monthsOfPeriod('2019-Q1')).toEqual(['2019-01', '2019-02', '2019-03']);
    expect(monthsOfPeriod('2018-Q4')).toEqual(['2018-10', '2018-11', '2018-12']);
    expect(monthsOfPeriod('FY2018-19')).toEqual(monthRange('2018-04', '2019-03'));
    expect(monthsOfPeriod('12M-2019-03')).toEqual(monthRange('2018-04', '2019-03'));
    expect(monthsOfPeriod('12M-2019-12')).toEqual(monthRange('2019-01', '2019-12'));
  });

  it('gives reference periods and unknown ids no months', () => {
    expect(monthsOfPeriod('IoD2025')).toEqual([]);
    expect(monthsOfPeriod('Census2021')).toEqual([]);
    expect(monthsOfPeriod('2019-Q5')).toEqual([]);
    expect(monthsOfPeriod('FY2018-20'), 'the second year must follow the first').toEqual([]);
  });
});
