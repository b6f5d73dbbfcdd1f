import { describe, expect, it } from 'vitest';
import type { CountedIndicator } from '../indicators/indicator-definition.ts';
import { measureStatus, reviewDates, worstRag } from './measure-progress.ts';
import type { Measure } from './priorities.ts';
import type { SeriesPoint } from './published-series.ts';

const indicator = { id: 'burglary', kind: 'counted', statistic: 'crude-rate', multiplier: 1000, grain: 'financial-year', polarity: 'low-is-good' } as unknown as CountedIndicator;

/** A published yearly figure: count over a population of 10,000, per 1,000. */
function year(fy: number, count: number | null): SeriesPoint {
  const id = `FY${fy}-${String((fy + 1) % 100).padStart(2, '0')}`;
  const value = count === null ? null : count / 10;
  return {
    periodId: id,
    periodLabel: id,
    firstMonth: `${fy}-04`,
    lastMonth: `${fy + 1}-03`,
    value,
    numerator: count,
    denominator: count === null ? null : 10000,
    lower: value === null ? null : value * 0.9,
    upper: value === null ? null : value * 1.1,
    suppressed: count === null,
    suppressionReason: count === null ? 'small number' : null,
    comparison: null,
    trend: null,
    rag: null,
  };
}

const measure = (overrides: Partial<Measure> = {}): Measure => ({
  id: 'm',
  indicator: 'burglary',
  level: 'partnership',
  baselinePeriod: 'FY2017-18',
  target: { kind: 'relative-change', percent: -20 },
  direction: 'decrease',
  by: '2021-03',
  ...overrides,
});

const TODAY = '2026-01-01';

describe('measureStatus: targets', () => {
  it('turns a relative change into a value from the baseline (−20% of 10.0 is 8.0)', () => {
    const s = measureStatus(measure(), indicator, [year(2017, 100), year(2018, 95)], TODAY);
    expect(s.baseline?.value).toBe(10);
    expect(s.targetValue).toBeCloseTo(8, 12);
  });

  it('takes a value target as it is, and measures progress from baseline to target', () => {
    const s = measureStatus(measure({ target: { kind: 'value', value: 6 } }), indicator, [year(2017, 100), year(2018, 80)], TODAY);
    expect(s.targetValue).toBe(6);
    expect(s.progressPercent).toBeCloseTo(50, 12); // 10 → 8 of the way to 6
  });

  it('places the trajectory on a straight line from the end of the baseline to the target month', () => {
    // Baseline ends 2018-03, target 2021-03 (36 months); the 2018/19 figure ends 12 months in: 10 − 2·12/36.
    const s = measureStatus(measure(), indicator, [year(2017, 100), year(2018, 95)], TODAY);
    expect(s.expectedNow).toBeCloseTo(10 - 2 / 3, 12);
  });
});

describe('measureStatus: RAG', () => {
  it('is green when the latest value is at or beyond the trajectory', () => {
    const s = measureStatus(measure(), indicator, [year(2017, 100), year(2018, 93)], TODAY);
    expect(s.rag).toBe('green');
    expect(s.onTrack).toBe(true);
  });

  it('is amber when off track but significantly better than the baseline', () => {
    // 10,000 → 9,500 events: 5% down (ratio 0.95, 95% CI 0.92 to 0.98), far short of the −50% trajectory.
    const big = (fy: number, count: number) => ({ ...year(fy, count), value: count / 100, numerator: count, denominator: 100000 });
    const s = measureStatus(measure({ target: { kind: 'relative-change', percent: -50 } }), indicator, [big(2017, 10000), big(2018, 9500)], TODAY);
    expect(s.onTrack).toBe(false);
    expect(s.change?.verdict).toBe('significant improvement');
    expect(s.change!.upper).toBeLessThan(1);
    expect(s.rag).toBe('amber');
  });

  it('is red when off track and the change is not significant', () => {
    const s = measureStatus(measure(), indicator, [year(2017, 100), year(2018, 97)], TODAY);
    expect(s.onTrack).toBe(false);
    expect(s.change?.verdict).toBe('no significant change');
    expect(s.rag).toBe('red');
  });

  it('is red when off track and significantly worse', () => {
    const s = measureStatus(measure(), indicator, [year(2017, 100), year(2018, 160)], TODAY);
    expect(s.change?.verdict).toBe('significant worsening');
    expect(s.rag).toBe('red');
    expect(s.progressPercent).toBeLessThan(0);
  });

  it('after the target date compares with the target itself: met is green', () => {
    const s = measureStatus(measure({ by: '2019-03' }), indicator, [year(2017, 100), year(2018, 99), year(2019, 80)], TODAY);
    expect(s.latest?.period).toBe('FY2019-20');
    expect(s.expectedNow).toBeCloseTo(8, 12);
    expect(s.rag).toBe('green');
    expect(s.reason).toBe('target met');
  });

  it('reads an increase the other way round', () => {
    const good = { ...indicator, polarity: 'high-is-good' } as CountedIndicator;
    const m = measure({ direction: 'increase', target: { kind: 'relative-change', percent: 30 } });
    expect(measureStatus(m, good, [year(2017, 100), year(2018, 115)], TODAY).rag).toBe('green');
    expect(measureStatus(m, good, [year(2017, 100), year(2018, 101)], TODAY).rag).toBe('red');
  });

  it('is not assessed without a published baseline, or before any figure after it', () => {
    expect(measureStatus(measure(), indicator, [year(2017, null), year(2018, 90)], TODAY)).toMatchObject({ rag: 'not-assessed', reason: expect.stringMatching(/withheld/) });
    expect(measureStatus(measure(), indicator, [year(2017, 100)], TODAY)).toMatchObject({ rag: 'not-assessed', reason: expect.stringMatching(/no published figure after/) });
    expect(measureStatus(measure(), indicator, [], TODAY).rag).toBe('not-assessed');
  });

  it('sees only the periods that had ended by the date asked about', () => {
    const points = [year(2017, 100), year(2018, 97), year(2019, 70)];
    expect(measureStatus(measure(), indicator, points, '2019-06-30').latest?.period).toBe('FY2018-19');
    expect(measureStatus(measure(), indicator, points, '2020-06-30').latest?.period).toBe('FY2019-20');
    expect(measureStatus(measure(), indicator, points, '2018-03-15').rag).toBe('not-assessed');
  });

  it('uses the ratio of proportions for a proportion', () => {
    const share = { ...indicator, statistic: 'proportion' } as CountedIndicator;
    const s = measureStatus(measure(), share, [year(2017, 100), year(2018, 97)], TODAY);
    expect(s.change?.logVariance).toBeCloseTo(1 / 97 - 1 / 10000 + 1 / 100 - 1 / 10000, 12);
  });
});

describe('reviewDates and worstRag', () => {
  it('steps by the cycle from the first review up to today, keeping the day where the month has it', () => {
    expect(reviewDates({ every: 'quarter', firstReview: '2018-05-31' }, '2019-03-01')).toEqual(['2018-05-31', '2018-08-31', '2018-11-30', '2019-02-28']);
    expect(reviewDates({ every: 'year', firstReview: '2018-06-30' }, '2018-06-29')).toEqual([]);
  });

  it('gives a priority its worst measure', () => {
    expect(worstRag(['green', 'amber', 'not-assessed'])).toBe('amber');
    expect(worstRag(['green', 'red'])).toBe('red');
    expect(worstRag(['not-assessed'])).toBe('not-assessed');
  });
});
