import { describe, expect, it } from 'vitest';
import { fillMonthGaps, flagUnusualMonths, lastWholeMonth, median } from './dataset-quality.ts';

describe('rows per month against the usual', () => {
  it('takes the median as the usual', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('flags a month that collapsed or doubled, and not the ordinary wobble', () => {
    const rows = [1500, 1560, 1610, 1480, 1530, 700, 1590, 3100, 1520];
    const flagged = flagUnusualMonths(rows.map((n, i) => ({ period: `2018-${String(i + 1).padStart(2, '0')}`, rows: n })));
    expect(flagged.filter((m) => m.unusual).map((m) => m.period)).toEqual(['2018-06', '2018-08']);
    expect(flagged.find((m) => m.period === '2018-06')?.why).toMatch(/700 rows against a usual 1,530/);
    expect(flagged.every((m) => m.usual === 1530)).toBe(true);
  });

  it('does not flag anything when every month is the same', () => {
    expect(flagUnusualMonths([{ period: '2018-01', rows: 10 }, { period: '2018-02', rows: 10 }]).some((m) => m.unusual)).toBe(false);
  });
});

describe('missing months', () => {
  it('are filled at 0 rows between the first and the last, and flagged', () => {
    const filled = fillMonthGaps([{ period: '2017-11', rows: 150 }, { period: '2018-02', rows: 140 }, { period: '2018-03', rows: 145 }]);
    expect(filled.map((m) => [m.period, m.rows])).toEqual([['2017-11', 150], ['2017-12', 0], ['2018-01', 0], ['2018-02', 140], ['2018-03', 145]]);
    const flagged = flagUnusualMonths(filled);
    expect(flagged.filter((m) => m.unusual).map((m) => m.period)).toEqual(['2017-12', '2018-01']);
    expect(flagged[1]?.why).toMatch(/no rows/);
  });
});

describe('freshness', () => {
  it('expects the last whole month before today', () => {
    expect(lastWholeMonth('2026-12-07')).toBe('2026-11');
    expect(lastWholeMonth('2027-01-01')).toBe('2026-12');
  });
});
