/**
 * A proportion over another indicator, computed with its family from LSOA counts (no database):
 * the denominator is the other indicator's count for the same area and period, withheld figures of
 * that indicator withhold the ratio, a denominator of 0 gives no value, and the remainder
 * (denominator − numerator) is protected like any small count.
 */
import { describe, expect, it } from 'vitest';
import { IndicatorDefinitionError } from '../errors.ts';
import type { AreaHierarchy } from './area-hierarchy.ts';
import { computeCountedFamily, computeCountedIndicator, figuresToValues, REASON_DENOMINATOR, type PartCounts } from './compute-counted-indicator.ts';
import { trend } from './statistics/trend.ts';
import type { CountedIndicator } from './indicator-definition.ts';
import type { IndicatorValue } from './indicator-value.ts';
import { periodsContaining, type Period } from './periods.ts';

// LSOAs a–d in ward W, in district L, in partnership P (children before parents, as loaded).
const hierarchy: AreaHierarchy = {
  areas: [
    { code: 'a', name: 'a', level: 'lsoa', benchmark: 5, parent: 4, lsoas: [0] },
    { code: 'b', name: 'b', level: 'lsoa', benchmark: 5, parent: 4, lsoas: [1] },
    { code: 'c', name: 'c', level: 'lsoa', benchmark: 5, parent: 4, lsoas: [2] },
    { code: 'd', name: 'd', level: 'lsoa', benchmark: 5, parent: 4, lsoas: [3] },
    { code: 'W', name: 'W', level: 'ward', benchmark: 5, parent: 5, lsoas: [0, 1, 2, 3] },
    { code: 'L', name: 'L', level: 'lad', benchmark: 6, parent: 6, lsoas: [0, 1, 2, 3] },
    { code: 'P', name: 'P', level: 'partnership', benchmark: null, parent: null, lsoas: [0, 1, 2, 3] },
  ],
  lsoaIndex: new Map(['a', 'b', 'c', 'd'].map((code, i) => [code, i])),
  lsoaCount: 4,
  population: Float64Array.of(1500, 1600, 1700, 1800),
  population65: Float64Array.of(300, 300, 300, 300),
  households: Float64Array.of(600, 600, 600, 600),
};

// Six quarters, 2017-Q4 to 2019-Q1, so that the last two have a five-quarter trend.
const periods: Period[] = ['2017-10', '2018-01', '2018-04', '2018-07', '2018-10', '2019-01'].map((m) => periodsContaining('quarter', m)[0]!);

const base = {
  kind: 'counted' as const,
  shortDescription: 'a test indicator',
  theme: 'Fire and rescue' as const,
  polarity: 'low-is-good' as const,
  methods: 'counted for a test',
  grain: 'quarter' as const,
};
const everyIncident = { parts: [{ dataset: 'fire.incidents', where: [] }] };
const falseAlarms = { parts: [{ dataset: 'fire.incidents', where: [{ field: 'incident_group', in: ['False Alarm'] }] }] };
const all: CountedIndicator = { ...base, id: 'all', title: 'All incidents', statistic: 'crude-rate', numerator: everyIncident, denominator: { kind: 'population' }, multiplier: 10_000, unit: 'per 10,000' };
const alarms: CountedIndicator = { ...all, id: 'alarms', title: 'False alarms', numerator: falseAlarms };
const share: CountedIndicator = {
  ...base,
  id: 'share',
  title: 'False alarm share',
  statistic: 'proportion',
  numerator: falseAlarms,
  denominator: { kind: 'indicator', indicator: 'all' },
  multiplier: 100,
  unit: '% of incidents',
};

// LSOA × quarter counts (threshold 3). Remainders (all − false alarms) are a: 6 7 8 8 5 1,
// b: 10 13 18 27 46 46, c: 0 2 4 4 4 4, d: 6 throughout. In b false alarms rise slowly while all
// incidents rise fast, so their share falls.
const ALL = { a: [10, 12, 14, 16, 20, 12], b: [20, 24, 30, 40, 60, 60], c: [0, 2, 8, 8, 8, 8], d: [9, 9, 9, 9, 9, 9] };
const ALARMS = { a: [4, 5, 6, 8, 15, 11], b: [10, 11, 12, 13, 14, 14], c: [0, 0, 4, 4, 4, 4], d: [3, 3, 3, 3, 3, 3] };

function counts(byLsoa: Record<'a' | 'b' | 'c' | 'd', number[]>): PartCounts {
  const lsoas = ['a', 'b', 'c', 'd'] as const;
  return {
    counts: Float64Array.from(lsoas.flatMap((l) => byLsoa[l])),
    senderWithheld: new Uint8Array(lsoas.length * periods.length),
    rule: { threshold: 3, roundingBase: null },
  };
}

function build(): Map<string, IndicatorValue> {
  const figures = computeCountedFamily(hierarchy, [
    { definition: all, periods, parts: [counts(ALL)], publish: null },
    { definition: alarms, periods, parts: [counts(ALARMS)], publish: null },
    { definition: share, periods, parts: [counts(ALARMS)], publish: null },
  ]);
  return new Map(figures.flatMap((f) => figuresToValues(f, hierarchy)).map((v) => [`${v.indicatorId} ${v.areaCode} ${v.periodId}`, v]));
}
const values = build();
const figure = (id: string, area: string, period: string): IndicatorValue => {
  const v = values.get(`${id} ${area} ${period}`);
  if (!v) throw new Error(`no figure ${id} ${area} ${period}`);
  return v;
};

/** Wilson score limits written out (z for 95%), independent of the pipeline's implementation. */
function wilson(r: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = r / n;
  const centre = 2 * r + z * z;
  const spread = z * Math.sqrt(z * z + 4 * r * (1 - p));
  return [(100 * (centre - spread)) / (2 * (n + z * z)), (100 * (centre + spread)) / (2 * (n + z * z))];
}

describe('a proportion whose denominator is another indicator', () => {
  it('divides by that indicator’s count for the same area and period, which changes from period to period', () => {
    const shares = periods.slice(0, 5).map((p) => figure('share', 'a', p.id));
    expect(shares.map((v) => v.denominator)).toEqual([10, 12, 14, 16, 20]);
    expect(shares.map((v) => v.numerator)).toEqual([4, 5, 6, 8, 15]);
    expect(shares.map((v) => v.value)).toEqual([40, (5 / 12) * 100, (6 / 14) * 100, 50, 75]);
    const [lower, upper] = wilson(4, 10);
    expect(shares[0]?.lower).toBeCloseTo(lower, 10);
    expect(shares[0]?.upper).toBeCloseTo(upper, 10);
    // 16.82% to 68.73% for 4 out of 10, as published tables of the Wilson interval give.
    expect(lower).toBeCloseTo(16.82, 2);
    expect(upper).toBeCloseTo(68.73, 2);
    // The denominator column shows the other indicator's published count, area by area.
    expect(figure('share', 'W', '2017-Q4').denominator).toBe(figure('all', 'W', '2017-Q4').numerator);
    expect(figure('share', 'W', '2017-Q4')).toMatchObject({ numerator: 17, denominator: 39, value: (17 / 39) * 100 });
  });

  it('leaves a population denominator as it was: one Census count per area in every period', () => {
    expect(periods.map((p) => figure('alarms', 'W', p.id).denominator)).toEqual(periods.map(() => 6600));
    expect(figure('alarms', 'a', '2017-Q4').value).toBeCloseTo((4 / 1500) * 10_000, 12);
  });

  it('gives no value (not a division by zero) where the denominator is 0, without withholding anything', () => {
    expect(figure('share', 'c', '2017-Q4')).toMatchObject({ numerator: 0, denominator: 0, value: null, lower: null, upper: null, suppressed: false, suppressionReason: null });
  });

  it('withholds value, interval and numerator where the denominator’s figure is withheld, showing no denominator', () => {
    // Two incidents in c, neither a false alarm: the count of all incidents is small and withheld.
    expect(figure('all', 'c', '2018-Q1')).toMatchObject({ suppressed: true, numerator: null });
    expect(figure('alarms', 'c', '2018-Q1')).toMatchObject({ suppressed: false, numerator: 0 });
    expect(figure('share', 'c', '2018-Q1')).toMatchObject({
      numerator: null,
      denominator: null,
      value: null,
      lower: null,
      upper: null,
      suppressed: true,
      suppressionReason: REASON_DENOMINATOR,
      comparison: null,
      rag: null,
    });
    // Every withheld count of all incidents withholds the share there.
    for (const v of values.values()) {
      if (v.indicatorId === 'all' && v.suppressed) expect(figure('share', v.areaCode, v.periodId).suppressed, `${v.areaCode} ${v.periodId}`).toBe(true);
    }
  });

  it('does not let all incidents − false alarms give away a small number (12 incidents, 11 false alarms)', () => {
    const [allA, alarmsA, shareA] = [figure('all', 'a', '2019-Q1'), figure('alarms', 'a', '2019-Q1'), figure('share', 'a', '2019-Q1')];
    expect(allA.suppressed || alarmsA.suppressed).toBe(true);
    expect(shareA.suppressed).toBe(true);
    // Nowhere are both sides published with a difference of 1 or 2.
    for (const v of values.values()) {
      if (v.indicatorId !== 'all' || v.numerator === null) continue;
      const n = figure('alarms', v.areaCode, v.periodId).numerator;
      if (n !== null) expect(v.numerator - n === 1 || v.numerator - n === 2, `${v.areaCode} ${v.periodId}: ${v.numerator} − ${n}`).toBe(false);
    }
  });

  it('keeps false alarms in the share and in the count per resident withheld alike (they count the same rows)', () => {
    for (const p of periods) {
      for (const area of ['a', 'b', 'c', 'd', 'W', 'L', 'P']) {
        const own = figure('share', area, p.id);
        if (own.suppressionReason === REASON_DENOMINATOR) continue;
        expect(own.suppressed, `${area} ${p.id}`).toBe(figure('alarms', area, p.id).suppressed);
      }
    }
  });

  it('tests the trend on the five latest shares with their own denominators', () => {
    // b: 10/20, 11/24, 12/30, 13/40, 14/60 — more false alarms each quarter, but a falling share.
    const points = periods.slice(0, 5).map((_, t) => ({ count: ALARMS.b[t]!, denominator: ALL.b[t]! }));
    const expected = trend(points, { kind: 'proportion', polarity: 'low-is-good', multiplier: 100 });
    expect(expected).toMatchObject({ direction: 'decreasing', judgement: 'better' });
    expect(figure('share', 'b', '2018-Q4').trend).toEqual({ direction: 'decreasing', judgement: 'better', periodsUsed: 5 });
    // Over one denominator for every quarter (as a population is) the same counts do not fall.
    const constant = trend(points.map((p) => ({ ...p, denominator: 60 })), { kind: 'proportion', polarity: 'low-is-good', multiplier: 100 });
    expect(constant.direction).not.toBe('decreasing');
  });

  it('cannot be computed without its denominator indicator', () => {
    expect(() => computeCountedIndicator(share, hierarchy, periods, [counts(ALARMS)])).toThrow(IndicatorDefinitionError);
    expect(() => computeCountedIndicator(share, hierarchy, periods, [counts(ALARMS)])).toThrow(/divides by "all", which is not computed with it/);
  });
});
