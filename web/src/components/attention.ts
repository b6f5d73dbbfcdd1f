/**
 * What needs a board's attention, as the dashboard and the board report both judge it: the
 * neighbourhoods significantly worse than the partnership, and the indicators that miss their
 * target, get significantly worse, or have one neighbourhood in ten significantly worse (and, for
 * a locality, those on which it is significantly worse than the partnership).
 */
import type { AreaFigure, Indicator, IndicatorSeries } from '../api/client.ts';
import { categoryOf, significanceAgainst } from '../map/compare-areas.ts';

/** One indicator's line on the dashboard. */
export interface DashboardLine {
  indicator: Indicator;
  /** The figure the line is about: the partnership's, or a locality's on a locality's dashboard. */
  figure: AreaFigure;
  /** The partnership's figure, which areas are judged against. */
  benchmark: AreaFigure;
  periodLabel: string;
  series: IndicatorSeries | null;
  /** LSOAs whose 95% CI lies wholly on the bad side of the partnership's value; null without polarity or LSOA figures. */
  worse: AreaFigure[] | null;
  lsoaCount: number;
}

/** The LSOAs significantly worse than the partnership, worst first. */
export function worseThanPartnership(indicator: Indicator, lsoas: readonly AreaFigure[], partnership: AreaFigure): AreaFigure[] | null {
  if (indicator.polarity === 'no-judgement') return null;
  const worse = lsoas.filter((figure) => categoryOf(significanceAgainst(figure, partnership.value), indicator.polarity) === 'worse');
  const sign = indicator.polarity === 'low-is-good' ? -1 : 1;
  return worse.sort((a, b) => sign * ((a.value ?? 0) - (b.value ?? 0)));
}

/** Indicators that need attention, each with why, most pressing first. */
export function attentionItems(lines: readonly DashboardLine[]): Array<{ line: DashboardLine; reasons: string[]; weight: number }> {
  const items = lines.map((line) => {
    const reasons: string[] = [];
    let weight = 0;
    const latest = line.figure;
    if (latest.rag === 'red') {
      reasons.push('significantly misses its target (red)');
      weight += 100;
    } else if (latest.rag === 'amber') {
      reasons.push('misses its target, not significantly (amber)');
      weight += 50;
    }
    if (latest.area !== line.benchmark.area && !latest.suppressed && latest.comparison?.judgement === 'worse') {
      reasons.push('significantly worse than the partnership');
      weight += 45;
    }
    if (latest.trend?.judgement === 'worse') {
      reasons.push('getting significantly worse');
      weight += 60;
    }
    const worse = line.worse?.length ?? 0;
    if (worse > 0 && line.lsoaCount > 0 && worse / line.lsoaCount >= 0.1) {
      reasons.push(`${worse} of ${line.lsoaCount} neighbourhoods significantly worse than the partnership`);
      weight += (40 * worse) / line.lsoaCount;
    }
    return { line, reasons, weight };
  });
  return items.filter((item) => item.reasons.length > 0).sort((a, b) => b.weight - a.weight);
}

