/**
 * Trend chart: each series' value over time as a line with its 95% confidence
 * interval as a band, withheld periods marked × on the time axis (never drawn
 * as zero), and the same figures as a table.
 */
import * as Plot from '@observablehq/plot';
import type { SeriesPoint } from '../../api/client.ts';
import { formatNumber } from '../../format/numbers.ts';
import { chartFigure } from './chart-figure.ts';

export interface TrendSeries {
  name: string;
  colour: string;
  dashed: boolean;
  points: readonly SeriesPoint[];
}

export interface TrendChartInput {
  title: string;
  unit: string;
  decimals: number;
  series: readonly TrendSeries[];
  source: string | null;
  /** The direction of travel in words (e.g. "Getting better: significantly decreasing"), when known. */
  direction?: string | null;
  width?: number;
  height?: number;
}

interface Row {
  series: string;
  date: Date;
  value: number | null;
  lower: number | null;
  upper: number | null;
}

function dateOf(point: SeriesPoint): Date {
  return new Date(`${point.period.start}T00:00:00Z`);
}

/** A figure's value and interval as the table shows it, or why it is withheld. */
export function figureText(point: Pick<SeriesPoint, 'value' | 'lower' | 'upper' | 'suppressed' | 'suppressionReason'> | undefined, decimals: number): string {
  if (point === undefined) return 'not published';
  if (point.suppressed) return point.suppressionReason ? `Withheld: ${point.suppressionReason}` : 'Withheld';
  if (point.value === null) return 'No data';
  const interval = point.lower !== null && point.upper !== null ? ` (${formatNumber(point.lower, decimals)} to ${formatNumber(point.upper, decimals)})` : '';
  return `${formatNumber(point.value, decimals)}${interval}`;
}

/** The text alternative: what the first series did over the chart's periods, and how many were withheld. */
export function trendSummary(input: Pick<TrendChartInput, 'unit' | 'decimals' | 'series' | 'direction'>): string {
  const main = input.series[0];
  if (main === undefined || main.points.length === 0) return 'No figures to chart.';
  const published = main.points.filter((point) => !point.suppressed && point.value !== null);
  const withheld = main.points.filter((point) => point.suppressed).length;
  const first = published[0];
  const last = published[published.length - 1];
  const span = `${main.points[0]?.period.label} to ${main.points[main.points.length - 1]?.period.label}`;
  const parts = [`${main.name}, ${span}.`];
  if (first !== undefined && last !== undefined) {
    parts.push(
      first === last
        ? `One published figure: ${formatNumber(first.value, input.decimals)} ${input.unit} (${first.period.label}).`
        : `From ${formatNumber(first.value, input.decimals)} ${input.unit} in ${first.period.label} to ${formatNumber(last.value, input.decimals)} in ${last.period.label}.`,
    );
  } else {
    parts.push('No published figure.');
  }
  if (withheld > 0) parts.push(`${withheld} of ${main.points.length} periods withheld (marked ×).`);
  if (input.direction) parts.push(`${input.direction}.`);
  const others = input.series.slice(1).map((series) => series.name);
  if (others.length > 0) parts.push(`Also shown: ${others.join(', ')}.`);
  return parts.join(' ');
}

/** The trend chart in its figure frame. */
export function trendChart(input: TrendChartInput): HTMLElement {
  const rows: Row[] = input.series.flatMap((series) =>
    series.points.map((point) => ({
      series: series.name,
      date: dateOf(point),
      value: point.suppressed ? null : point.value,
      lower: point.suppressed ? null : point.lower,
      upper: point.suppressed ? null : point.upper,
    })),
  );
  const main = input.series[0];
  const withheld = (main?.points ?? []).filter((point) => point.suppressed).map((point) => ({ date: dateOf(point) }));
  const names = input.series.map((series) => series.name);
  const colours = input.series.map((series) => series.colour);
  const single = (main?.points.length ?? 0) <= 1;
  const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: '#9aa5b1' })];
  for (const series of input.series) {
    const own = rows.filter((row) => row.series === series.name);
    marks.push(
      Plot.areaY(own, { x: 'date', y1: 'lower', y2: 'upper', fill: series.colour, fillOpacity: 0.16 }),
      Plot.lineY(own, { x: 'date', y: 'value', stroke: series.colour, strokeWidth: 2.2, strokeDasharray: series.dashed ? '5,4' : undefined }),
      Plot.dot(own, { x: 'date', y: 'value', fill: series.colour, r: single ? 4 : 2.4 }),
    );
    if (single) marks.push(Plot.ruleX(own, { x: 'date', y1: 'lower', y2: 'upper', stroke: series.colour, strokeWidth: 2 }));
  }
  if (withheld.length > 0) {
    marks.push(Plot.dot(withheld, { x: 'date', frameAnchor: 'bottom', symbol: 'times', stroke: '#1b1f23', r: 4, strokeWidth: 2 }));
  }
  const chart = Plot.plot({
    width: input.width ?? 640,
    height: input.height ?? 280,
    marginLeft: 56,
    marginBottom: 42,
    style: { fontSize: '13px', color: '#1b1f23', background: 'transparent' },
    x: { type: 'utc', label: null },
    y: { label: input.unit, grid: true, zero: true },
    color: { domain: names, range: colours },
    marks,
  });
  const periods = [...new Map((main?.points ?? []).map((point) => [point.period.id, point.period.label])).entries()];
  const byPeriod = input.series.map((series) => new Map(series.points.map((point) => [point.period.id, point])));
  const legend = document.createElement('ul');
  legend.className = 'chart-key';
  input.series.forEach((series) => {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = series.dashed ? 'chart-key-line chart-key-dashed' : 'chart-key-line';
    swatch.style.setProperty('--line-colour', series.colour);
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, series.name);
    legend.append(item);
  });
  const wrapper = document.createElement('div');
  wrapper.className = 'chart';
  wrapper.append(chart);
  const figure = chartFigure({
    title: input.title,
    summary: trendSummary(input),
    chart: wrapper,
    source: input.source,
    table: {
      caption: `${input.title} (${input.unit}; 95% confidence interval in brackets)`,
      columns: ['Period', ...names],
      rows: periods.map(([id, label]) => [label, ...byPeriod.map((points) => figureText(points.get(id), input.decimals))]),
    },
  });
  figure.insertBefore(legend, figure.querySelector('.chart-summary'));
  return figure;
}
