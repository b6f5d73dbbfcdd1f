import { describe, expect, it } from 'vitest';
import type { IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { differenceInDifferences } from './difference-in-differences.ts';
import { evaluateIntervention } from './intervention-evaluation.ts';
import type { Intervention } from './intervention-schema.ts';
import type { PublishedSeries, SeriesPoint } from './published-series.ts';

const burglary = { id: 'burglary', kind: 'counted', title: 'Burglary', unit: 'per 1,000 households', statistic: 'crude-rate', multiplier: 1000, grain: 'quarter', polarity: 'low-is-good' } as unknown as IndicatorDefinition;
const QUARTERS = ['2017-Q2', '2017-Q3', '2017-Q4', '2018-Q1', '2018-Q2', '2018-Q3', '2018-Q4', '2019-Q1'];
const FIRST_MONTH = { Q1: '01', Q2: '04', Q3: '07', Q4: '10' } as const;
const LAST_MONTH = { Q1: '03', Q2: '06', Q3: '09', Q4: '12' } as const;

/** A seeded uniform generator (mulberry32), so the generated data are the same on every run. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson draw by multiplying uniforms (Knuth), fine for the means used here (< 200). */
function poisson(mean: number, random: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k += 1;
  return k;
}

type World = { areas: string[]; households: Map<string, number>; counts: Map<string, Map<string, number>>; imd: Map<string, number> };

/**
 * 30 areas over 8 quarters with their own burglary rates, a rise of 10% everywhere from 2018-Q2,
 * and the intervention's effect (a rate ratio) in the first six areas from 2018-Q2.
 */
function generate(seed: number, effect: number): World {
  const random = uniform(seed);
  const areas = Array.from({ length: 30 }, (_, i) => `E0500${String(1000 + i)}`);
  const households = new Map(areas.map((a) => [a, 3000 + Math.floor(random() * 4000)]));
  const imd = new Map(areas.map((a) => [a, 5 + random() * 40]));
  const counts = new Map<string, Map<string, number>>();
  for (const q of QUARTERS) {
    const after = q >= '2018-Q2';
    counts.set(
      q,
      new Map(
        areas.map((a, i) => {
          const baseRate = (2 + (i % 7)) / 1000; // 2 to 8 per 1,000 households a quarter
          const mean = households.get(a)! * baseRate * (after ? 1.1 : 1) * (after && i < 6 ? effect : 1);
          return [a, poisson(mean, random)];
        }),
      ),
    );
  }
  return { areas, households, counts, imd };
}

function point(q: string, count: number | null, denominator: number): SeriesPoint {
  const key = q.slice(5) as keyof typeof FIRST_MONTH;
  return {
    periodId: q,
    periodLabel: q,
    firstMonth: `${q.slice(0, 4)}-${FIRST_MONTH[key]}`,
    lastMonth: `${q.slice(0, 4)}-${LAST_MONTH[key]}`,
    value: count === null ? null : (count / denominator) * 1000,
    numerator: count,
    denominator: count === null ? null : denominator,
    lower: null,
    upper: null,
    suppressed: count === null,
    suppressionReason: count === null ? 'small number' : null,
    comparison: null,
    trend: null,
    rag: null,
  };
}

/** Published figures of a generated world, with some cells withheld if asked. */
function seriesOf(world: World, withheld: ReadonlySet<string> = new Set()): PublishedSeries {
  return {
    async series(id, area) {
      return id === 'burglary' && area === 'partnership' ? QUARTERS.map((q) => point(q, 1, 1)) : [];
    },
    async level(id, _level, period) {
      if (id === 'imd2025-score') return world.areas.map((a) => ({ areaCode: a, ...point('2019-Q1', world.imd.get(a)!, 1000) }));
      return (period ? [period] : QUARTERS).flatMap((q) =>
        world.areas.map((a) => ({ areaCode: a, ...point(q, withheld.has(`${a}/${q}`) ? null : world.counts.get(q)!.get(a)!, world.households.get(a)!) })),
      );
    },
    async areaName(code) {
      return world.areas.includes(code) ? `Area ${code.slice(-2)}` : null;
    },
  };
}

const intervention = (world: World, comparison: Intervention['comparison'] = 'rest-of-partnership'): Intervention => ({
  id: 'target-hardening',
  title: 'Target hardening',
  description: 'Locks and lighting for homes in six areas.',
  areas: { level: 'ward', codes: world.areas.slice(0, 6) },
  start: '2018-04',
  indicators: ['burglary'],
  comparison,
});

const evaluate = async (world: World, comparison: Intervention['comparison'] = 'rest-of-partnership', withheld?: ReadonlySet<string>) =>
  (await evaluateIntervention(intervention(world, comparison), { definitions: [burglary], series: seriesOf(world, withheld), partnershipCode: 'partnership', areasAtLevel: world.areas })).indicators[0]!;

describe('differenceInDifferences', () => {
  it('matches a hand computation and says it in plain words', () => {
    // Intervention 400 → 300, comparison 1,000 → 1,100 on fixed populations: (300/400)/(1100/1000) = 0.681818;
    // SE = √(1/300 + 1/400 + 1/1100 + 1/1000) = 0.087991; CI 0.681818·exp(∓1.959964·0.087991) = 0.573814 to 0.810151.
    const r = differenceInDifferences(
      { before: { count: 400, denominator: 5000 }, after: { count: 300, denominator: 5000 } },
      { before: { count: 1000, denominator: 20000 }, after: { count: 1100, denominator: 20000 } },
    );
    expect(r.ratio).toBeCloseTo(0.681818, 6);
    expect(r.lower).toBeCloseTo(0.573814, 5);
    expect(r.upper).toBeCloseTo(0.810151, 5);
    expect(r.verdict).toBe('a significant fall of 32% (95% CI 19% to 43%) relative to comparison areas');
  });

  it('says "no significant change" when the interval includes 1', () => {
    const r = differenceInDifferences(
      { before: { count: 40, denominator: 5000 }, after: { count: 38, denominator: 5000 } },
      { before: { count: 100, denominator: 20000 }, after: { count: 100, denominator: 20000 } },
    );
    expect(r.significance).toBe('no significant change');
    expect(r.verdict).toMatch(/^no significant change relative to comparison areas \(rate ratio 0\.95, 95% CI 0\.\d\d to 1\.\d\d\)$/);
  });
});

describe('evaluateIntervention on generated data', () => {
  it('recovers a known effect (a 25% fall) within its 95% CI, net of a rise everywhere', async () => {
    const e = await evaluate(generate(2026, 0.75));
    expect(e.evaluable).toBe(true);
    expect(e.before).toEqual(['2017-Q2', '2017-Q3', '2017-Q4', '2018-Q1']);
    expect(e.after).toEqual(['2018-Q2', '2018-Q3', '2018-Q4', '2019-Q1']);
    expect(e.result!.lower).toBeLessThan(0.75);
    expect(e.result!.upper).toBeGreaterThan(0.75);
    expect(e.result!.significance).toBe('fall');
    expect(e.result!.verdict).toMatch(/^a significant fall of \d+% \(95% CI \d+% to \d+%\) relative to comparison areas$/);
    // The comparison areas rose by about 10%: the naive before/after in the intervention areas understates the effect.
    expect(e.rates!.comparison.after / e.rates!.comparison.before).toBeGreaterThan(1.03);
  });

  it('finds no effect where there is none', async () => {
    const e = await evaluate(generate(2026, 1));
    expect(e.result!.significance).toBe('no significant change');
    expect(e.result!.lower).toBeLessThan(1);
    expect(e.result!.upper).toBeGreaterThan(1);
  });

  it('covers the true effect in about 95% of 200 generated worlds, and finds an effect where there is none in about 5%', async () => {
    let covered = 0;
    let falseAlarms = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const withEffect = (await evaluate(generate(seed, 0.8))).result!;
      if (withEffect.lower <= 0.8 && 0.8 <= withEffect.upper) covered += 1;
      if ((await evaluate(generate(10_000 + seed, 1))).result!.significance !== 'no significant change') falseAlarms += 1;
    }
    expect(covered / 200).toBeGreaterThanOrEqual(0.9);
    expect(falseAlarms / 200).toBeLessThanOrEqual(0.1);
  });

  it('matches comparison areas on deprivation and the baseline rate, two per intervention area', async () => {
    const world = generate(7, 0.75);
    const e = await evaluate(world, 'matched');
    expect(e.comparisonAreas).toHaveLength(12);
    expect(e.comparisonAreas.some((a) => world.areas.slice(0, 6).includes(a))).toBe(false);
    expect(e.result!.lower).toBeLessThan(0.75);
    expect(e.result!.upper).toBeGreaterThan(0.75);
  });

  it('refuses to evaluate from a withheld figure rather than guess, and says why', async () => {
    const world = generate(3, 0.75);
    const e = await evaluate(world, 'rest-of-partnership', new Set([`${world.areas[2]}/2018-Q3`]));
    expect(e.evaluable).toBe(false);
    expect(e.result).toBeNull();
    expect(e.reason).toMatch(/^1 of the figures it needs are withheld \(small number\)/);
  });

  it('gives both groups’ rates over time for the chart, and states method limits', async () => {
    const e = await evaluate(generate(11, 0.75));
    expect(e.chart.map((c) => c.phase)).toEqual(['before', 'before', 'before', 'before', 'after', 'after', 'after', 'after']);
    for (const c of e.chart) {
      expect(c.intervention).toBeGreaterThan(0);
      expect(c.comparison).toBeGreaterThan(0);
    }
    expect(e.limits.join(' ')).toMatch(/Regression to the mean/);
    expect(e.limits.join(' ')).toMatch(/Not a randomised trial/);
  });
});

describe('evaluateIntervention over localities', () => {
  // Four neighbourhood policing teams over 2018 and one care network that overlaps them (with far more
  // burglaries, so it would show if it leaked into the comparison). Households: 10,000 in each.
  const QUARTERS_2018 = ['2018-Q1', '2018-Q2', '2018-Q3', '2018-Q4'];
  const counts: Record<string, number[]> = {
    'npt-a': [50, 50, 30, 30],
    'npt-b': [50, 50, 55, 55],
    'npt-c': [50, 50, 55, 55],
    'npt-d': [50, 50, 55, 55],
    'pcn-x': [900, 900, 100, 100],
  };
  const imd = new Map([['npt-a', 30], ['npt-b', 29], ['npt-c', 10], ['npt-d', 31], ['pcn-x', 30]]);
  const policingTeams = ['npt-a', 'npt-b', 'npt-c', 'npt-d'];
  const series: PublishedSeries = {
    async series(id, area) {
      return id === 'burglary' && area === 'partnership' ? QUARTERS_2018.map((q) => point(q, 1, 1)) : [];
    },
    async level(id, level) {
      expect(level).toBe('locality');
      if (id === 'imd2025-score') return [...imd].map(([a, score]) => ({ areaCode: a, ...point('2019-Q1', score, 1000) }));
      return QUARTERS_2018.flatMap((q, i) => Object.entries(counts).map(([a, c]) => ({ areaCode: a, ...point(q, c[i]!, 10_000) })));
    },
    async areaName(code) {
      return `Team ${code.slice(4).toUpperCase()}`;
    },
  };
  const overLocalities = (codes: string[], comparison: Intervention['comparison']): Intervention => ({
    id: 'locks-in-a',
    title: 'Locks in team A',
    description: 'Target hardening across one policing team.',
    areas: { level: 'locality', codes },
    start: '2018-07',
    indicators: ['burglary'],
    comparison,
  });
  const evaluateLocalities = (codes: string[], comparison: Intervention['comparison'] = 'rest-of-partnership') =>
    evaluateIntervention(overLocalities(codes, comparison), {
      definitions: [burglary],
      series,
      partnershipCode: 'partnership',
      areasAtLevel: policingTeams,
      localityKind: { id: 'neighbourhood-policing-team', name: 'Neighbourhood policing teams' },
    });

  it('compares a locality’s own figures with the other localities of its kind only (a hand-computed case)', async () => {
    const evaluation = await evaluateLocalities(['npt-a']);
    const e = evaluation.indicators[0]!;
    expect(e.comparisonAreas).toEqual(['npt-b', 'npt-c', 'npt-d']);
    expect(e.before).toEqual(['2018-Q1', '2018-Q2']);
    expect(e.after).toEqual(['2018-Q3', '2018-Q4']);
    // Team A: 100 burglaries before and 60 after over 20,000 household-quarters; B, C and D: 300 before, 330 after over 60,000.
    expect(e.counts).toEqual({
      intervention: { before: { count: 100, denominator: 20_000 }, after: { count: 60, denominator: 20_000 } },
      comparison: { before: { count: 300, denominator: 60_000 }, after: { count: 330, denominator: 60_000 } },
    });
    expect(e.rates).toEqual({ intervention: { before: 5, after: 3 }, comparison: { before: 5, after: 5.5 } });
    // (60/100)/(330/300) = 0.545455; SE = √(1/60 + 1/100 + 1/330 + 1/300) = 0.181742; CI 0.545455·exp(∓1.959964·0.181742) = 0.381996 to 0.778857.
    const se = Math.sqrt(1 / 60 + 1 / 100 + 1 / 330 + 1 / 300);
    expect(se).toBeCloseTo(0.181742, 6);
    expect(e.result!.ratio).toBeCloseTo(0.545455, 6);
    expect(e.result!.lower).toBeCloseTo(0.381996, 5);
    expect(e.result!.upper).toBeCloseTo(0.778857, 5);
    expect(e.result!.verdict).toBe('a significant fall of 45% (95% CI 22% to 62%) relative to comparison areas');
    expect(evaluation.method).toMatch(/other localities of the same kind \(neighbourhood policing teams\)/);
    expect(e.limits.join(' ')).toMatch(/the other localities of its kind \(neighbourhood policing teams\) are not matched/);
    expect(e.limits.join(' ')).toMatch(/there are 3 other localities of this kind \(neighbourhood policing teams\) to compare with/);
    expect(evaluation.areaNames).toEqual({ 'npt-a': 'Team A', 'npt-b': 'Team B', 'npt-c': 'Team C', 'npt-d': 'Team D' });
  });

  it('matches on the localities’ published IMD scores: the two of its kind nearest in deprivation', async () => {
    // Equal baseline rates, so IMD alone decides: B (29) and D (31) are nearest A (30); C (10) is not, nor the care network.
    const e = (await evaluateLocalities(['npt-a'], 'matched')).indicators[0]!;
    expect(e.comparisonAreas).toEqual(['npt-b', 'npt-d']);
    expect(e.counts!.comparison).toEqual({ before: { count: 200, denominator: 40_000 }, after: { count: 220, denominator: 40_000 } });
    expect(e.result!.ratio).toBeCloseTo(0.6 / 1.1, 9);
  });

  it('has no comparison when it covers every locality of its kind, and says so', async () => {
    const e = (await evaluateLocalities(policingTeams)).indicators[0]!;
    expect(e.evaluable).toBe(false);
    expect(e.reason).toBe('no comparison areas: the intervention covers every locality of its kind (neighbourhood policing teams), and localities of other kinds overlap them');
  });
});
