/**
 * Evaluates an intervention from published figures: rates before and after its start in its areas
 * and in comparison areas, the difference in differences as a rate ratio with its 95% CI, a verdict
 * in plain words, and the limits of the method. Only published (disclosure-controlled) figures are
 * used, so a group with a withheld figure cannot be evaluated rather than being guessed at.
 */
import { InputError } from '../errors.ts';
import type { CountedIndicator, IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { differenceInDifferences, type BeforeAfter, type DidResult } from './difference-in-differences.ts';
import type { Intervention } from './intervention-schema.ts';
import type { PublishedSeries, SeriesPoint } from './published-series.ts';

/** How many comparison areas a matched design takes for each intervention area. */
export const MATCHES_PER_AREA = 2;

type Period = { id: string; label: string; firstMonth: string; lastMonth: string };
type GroupRates = { before: number; after: number };

export type ChartPoint = { period: string; label: string; phase: 'before' | 'after' | 'outside'; intervention: number | null; comparison: number | null };

export type IndicatorEvaluation = {
  indicator: string;
  title: string;
  unit: string;
  polarity: string;
  comparisonMethod: Intervention['comparison'];
  comparisonAreas: string[];
  before: string[];
  after: string[];
  evaluable: boolean;
  /** Why it cannot be evaluated (when evaluable is false). */
  reason: string | null;
  counts: { intervention: BeforeAfter; comparison: BeforeAfter } | null;
  rates: { intervention: GroupRates; comparison: GroupRates } | null;
  result: DidResult | null;
  chart: ChartPoint[];
  limits: string[];
};

export type InterventionEvaluation = {
  method: string;
  /** The names of the intervention's and the comparison areas, by code. */
  areaNames: Record<string, string>;
  indicators: IndicatorEvaluation[];
};

export const METHOD =
  'Difference in differences on published figures: the rate in the intervention areas after the start divided by the rate before, ' +
  'divided by the same ratio in the comparison areas. Equal numbers of whole periods are taken just before the start and from the start ' +
  '(to the end, if it has ended). Counts are summed over areas and periods and treated as independent Poisson counts, so the 95% CI of the ' +
  'log ratio has variance 1/a + 1/b + 1/c + 1/d over the four counts. A ratio below 1 means the rate fell relative to the comparison areas.';

/** What the method means for an intervention over localities of one kind. */
export function localityMethod(kindName: string): string {
  const kind = kindName.toLowerCase();
  return (
    ` At locality level the figures are the localities' own published figures (each the published total of its LSOAs, inside disclosure control), ` +
    `and the comparison areas are drawn from the other localities of the same kind (${kind}) only, never from localities of another kind, which overlap them: ` +
    `the rest of the partnership means every other locality of that kind; a matched comparison takes the localities of that kind nearest on their published IMD 2025 score ` +
    `(the population-weighted mean of their LSOAs' scores) and on the baseline rate.`
  );
}

/** The intervention's and the comparison areas' sums over some periods, or the number of withheld figures among them. */
function sumGroup(figures: Map<string, Map<string, SeriesPoint>>, periods: readonly Period[], areas: readonly string[]): { count: number; denominator: number } | { withheld: number; reasons: Set<string> } {
  let count = 0;
  let denominator = 0;
  let withheld = 0;
  const reasons = new Set<string>();
  for (const period of periods) {
    const byArea = figures.get(period.id);
    for (const area of areas) {
      const p = byArea?.get(area);
      if (!p || p.numerator === null || p.denominator === null) {
        withheld += 1;
        reasons.add(p?.suppressionReason ?? 'no published figure');
      } else {
        count += p.numerator;
        denominator += p.denominator;
      }
    }
  }
  return withheld > 0 ? { withheld, reasons } : { count, denominator };
}

/** The areas most like the intervention's: for each, the nearest others on standardised IMD score and baseline rate. */
function matchedAreas(candidates: readonly string[], targets: readonly string[], imd: Map<string, number>, baselineRate: Map<string, number>): string[] {
  const usable = (a: string) => imd.has(a) && baselineRate.has(a);
  const pool = candidates.filter(usable);
  const stats = (values: number[]) => {
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length) || 1;
    return { mean, sd };
  };
  const everyone = [...pool, ...targets.filter(usable)];
  const i = stats(everyone.map((a) => imd.get(a)!));
  const r = stats(everyone.map((a) => baselineRate.get(a)!));
  const chosen = new Set<string>();
  for (const t of targets.filter(usable)) {
    const distance = (a: string) => Math.hypot((imd.get(a)! - imd.get(t)!) / i.sd, (baselineRate.get(a)! - baselineRate.get(t)!) / r.sd);
    const nearest = pool.filter((a) => !chosen.has(a)).sort((a, b) => distance(a) - distance(b) || a.localeCompare(b));
    for (const a of nearest.slice(0, MATCHES_PER_AREA)) chosen.add(a);
  }
  return [...chosen].sort();
}

function limitsOf(
  counts: { intervention: BeforeAfter; comparison: BeforeAfter } | null,
  periodsEach: number,
  definition: CountedIndicator,
  comparison: Intervention['comparison'],
  localities: { kindName: string; pool: number } | null,
): string[] {
  const rest = localities ? `the other localities of its kind (${localities.kindName.toLowerCase()}) are` : 'the rest of the partnership is';
  const limits = [
    'Not a randomised trial: a difference can come from anything else that changed in the intervention areas at the same time, or from displacement into neighbouring areas.',
    comparison === 'matched'
      ? 'Regression to the mean: areas picked because their rate was high tend to fall back anyway; matching on the baseline rate reduces this but does not remove it.'
      : `Regression to the mean: areas picked because their rate was high tend to fall back anyway, and ${rest} not matched on the baseline rate (a matched comparison is available).`,
    'Published figures only: counts may be rounded by disclosure control, and a withheld figure stops the evaluation rather than being estimated.',
  ];
  if (periodsEach < 4 && definition.grain !== 'financial-year') limits.push(`Short baseline: ${periodsEach} ${definition.grain} period(s) before and after; seasonal patterns may not be balanced.`);
  if (definition.grain === 'financial-year' && periodsEach < 2) limits.push('Short baseline: one financial year before and after.');
  const smallest = counts ? Math.min(counts.intervention.before.count, counts.intervention.after.count, counts.comparison.before.count, counts.comparison.after.count) : 0;
  if (counts && smallest < 20) limits.push(`Small numbers: the smallest of the four counts is ${smallest}, so the interval is wide and the Poisson approximation rough.`);
  if (localities) {
    limits.push(
      `Few, large comparison areas: there are ${localities.pool} other localities of this kind (${localities.kindName.toLowerCase()}) to compare with${comparison === 'matched' ? ', so a match can only be as close as they allow' : ''}, and each mixes neighbourhoods that may differ from one another.`,
    );
  }
  return limits;
}

/** Evaluates each indicator an intervention meant to move. */
export async function evaluateIntervention(
  intervention: Intervention,
  context: {
    definitions: readonly IndicatorDefinition[];
    series: PublishedSeries;
    partnershipCode: string;
    /** The areas the comparison is drawn from: every area of the level, or for localities every locality of the intervention's kind. */
    areasAtLevel: readonly string[];
    /** The kind of the intervention's localities (when it covers localities). */
    localityKind?: { id: string; name: string } | null;
  },
): Promise<InterventionEvaluation> {
  const indicators: IndicatorEvaluation[] = [];
  const level = intervention.areas.level;
  const inside = [...intervention.areas.codes].sort();
  const others = context.areasAtLevel.filter((a) => !inside.includes(a)).sort();
  const localityKind = level === 'locality' ? (context.localityKind ?? null) : null;
  if (level === 'locality' && !localityKind) throw new InputError('an intervention over localities is evaluated against the other localities of its kind: name the kind', { field: 'areas' });
  const localities = localityKind ? { kindName: localityKind.name, pool: others.length } : null;
  for (const id of intervention.indicators) {
    const definition = context.definitions.find((d) => d.id === id);
    if (definition?.kind !== 'counted') continue; // refused when the intervention was loaded or posted
    const periods: Period[] = (await context.series.series(id, context.partnershipCode)).map((p) => ({ id: p.periodId, label: p.periodLabel, firstMonth: p.firstMonth, lastMonth: p.lastMonth }));
    const beforeAll = periods.filter((p) => p.lastMonth < intervention.start);
    const afterAll = periods.filter((p) => p.firstMonth >= intervention.start && (!intervention.end || p.lastMonth <= intervention.end));
    const n = Math.min(beforeAll.length, afterAll.length);
    const before = beforeAll.slice(beforeAll.length - n);
    const after = afterAll.slice(0, n);
    const figures = new Map<string, Map<string, SeriesPoint>>(periods.map((p) => [p.id, new Map()]));
    for (const row of await context.series.level(id, level)) figures.get(row.periodId)?.set(row.areaCode, row);
    let comparisonAreas = others;
    if (intervention.comparison === 'matched' && n > 0) {
      const imdRows = await context.series.level('imd2025-score', level, 'IoD2025');
      const imd = new Map(imdRows.filter((r) => r.value !== null).map((r) => [r.areaCode, r.value!]));
      const baselineRate = new Map<string, number>();
      for (const area of context.areasAtLevel) {
        const sum = sumGroup(figures, before, [area]);
        if ('count' in sum && sum.denominator > 0) baselineRate.set(area, sum.count / sum.denominator);
      }
      comparisonAreas = matchedAreas(others, inside, imd, baselineRate);
    }
    const rateOf = (periodList: readonly Period[], areas: readonly string[]) => {
      const s = sumGroup(figures, periodList, areas);
      return 'count' in s && s.denominator > 0 ? (s.count / s.denominator) * definition.multiplier : null;
    };
    const chart: ChartPoint[] = periods.map((p) => ({
      period: p.id,
      label: p.label,
      phase: before.includes(p) ? 'before' : after.includes(p) ? 'after' : 'outside',
      intervention: rateOf([p], inside),
      comparison: rateOf([p], comparisonAreas),
    }));
    const base = { indicator: id, title: definition.title, unit: definition.unit, polarity: definition.polarity, comparisonMethod: intervention.comparison, comparisonAreas, before: before.map((p) => p.id), after: after.map((p) => p.id), chart };
    const notEvaluable = (reason: string): IndicatorEvaluation => ({ ...base, evaluable: false, reason, counts: null, rates: null, result: null, limits: limitsOf(null, n, definition, intervention.comparison, localities) });
    if (n === 0) {
      indicators.push(notEvaluable(`needs at least one whole ${definition.grain} period published before ${intervention.start} and one from it${intervention.end ? ` to ${intervention.end}` : ''}`));
      continue;
    }
    const sums = {
      intervention: { before: sumGroup(figures, before, inside), after: sumGroup(figures, after, inside) },
      comparison: { before: sumGroup(figures, before, comparisonAreas), after: sumGroup(figures, after, comparisonAreas) },
    };
    // With no comparison areas, the comparison sums are empty: say why the intervention's own figures fail first, if they do.
    const all = comparisonAreas.length === 0 ? [sums.intervention.before, sums.intervention.after] : [sums.intervention.before, sums.intervention.after, sums.comparison.before, sums.comparison.after];
    const withheld = all.reduce((s, x) => s + ('withheld' in x ? x.withheld : 0), 0);
    if (withheld > 0) {
      const reasons = [...new Set(all.flatMap((x) => ('reasons' in x ? [...x.reasons] : [])))].sort();
      indicators.push(notEvaluable(`${withheld} of the figures it needs are withheld (${reasons.join('; ')}); at ${level} level this indicator cannot be evaluated from published figures`));
      continue;
    }
    if (comparisonAreas.length === 0) {
      const reason =
        others.length === 0 && localities
          ? `no comparison areas: the intervention covers every locality of its kind (${localities.kindName.toLowerCase()}), and localities of other kinds overlap them`
          : intervention.comparison === 'matched'
            ? 'no comparison areas: matching needs published IMD scores and baseline figures for other areas'
            : 'no comparison areas';
      indicators.push(notEvaluable(reason));
      continue;
    }
    const counts = {
      intervention: { before: sums.intervention.before as { count: number; denominator: number }, after: sums.intervention.after as { count: number; denominator: number } },
      comparison: { before: sums.comparison.before as { count: number; denominator: number }, after: sums.comparison.after as { count: number; denominator: number } },
    };
    if ([counts.intervention.before, counts.intervention.after, counts.comparison.before, counts.comparison.after].some((c) => c.count <= 0)) {
      indicators.push(notEvaluable('a group has no events before or after the start, so the ratio has no interval'));
      continue;
    }
    const rate = (c: { count: number; denominator: number }) => (c.count / c.denominator) * definition.multiplier;
    indicators.push({
      ...base,
      evaluable: true,
      reason: null,
      counts,
      rates: {
        intervention: { before: rate(counts.intervention.before), after: rate(counts.intervention.after) },
        comparison: { before: rate(counts.comparison.before), after: rate(counts.comparison.after) },
      },
      result: differenceInDifferences(counts.intervention, counts.comparison),
      limits: limitsOf(counts, n, definition, intervention.comparison, localities),
    });
  }
  const areaNames: Record<string, string> = {};
  for (const code of new Set([...inside, ...indicators.flatMap((i) => i.comparisonAreas)])) {
    const name = await context.series.areaName(code);
    if (name !== null) areaNames[code] = name;
  }
  return { method: localityKind ? METHOD + localityMethod(localityKind.name) : METHOD, areaNames, indicators };
}
