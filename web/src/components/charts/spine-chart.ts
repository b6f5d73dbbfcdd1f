/**
 * Spine chart (Fingertips' area profile): where the area's value sits on the
 * range of values across areas of its level: the full range, the middle half
 * (quartiles) and the median, with the area's value coloured by how it
 * compares with its benchmark, and the benchmark's value marked.
 */
import * as Plot from '@observablehq/plot';
import type { ProfileEntry } from '../../api/client.ts';
import { formatNumber } from '../../format/numbers.ts';
import { BENCHMARK_COLOUR, QUARTILE_COLOUR, SPREAD_COLOUR } from './chart-colours.ts';
import { prepareChart } from './chart-figure.ts';

export interface SpineInput {
  entry: ProfileEntry;
  decimals: number;
  /** The fill of the area's marker (its comparison colour). */
  colour: string;
  areaName: string;
  /** The areas the range runs across, plural: "LSOAs", "localities of every kind". */
  areasPhrase: string;
  benchmarkName: string | null;
}

/** The spine chart's text alternative. */
export function spineSummary(input: Omit<SpineInput, 'colour'>): string {
  const { entry, decimals } = input;
  const show = (value: number | null | undefined): string => formatNumber(value, decimals);
  const spread = entry.spread;
  const own = entry.area.suppressed
    ? `${input.areaName}: withheld`
    : entry.area.value === null
      ? `${input.areaName}: no data`
      : `${input.areaName}: ${show(entry.area.value)}`;
  if (spread === null || spread.min === null || spread.max === null) return `${own}. No spread across areas to compare with.`;
  const parts = [
    `${own}.`,
    `Across ${spread.areas} ${input.areasPhrase}: ${show(spread.min)} to ${show(spread.max)}, middle half ${show(spread.q1)} to ${show(spread.q3)}, median ${show(spread.median)}.`,
  ];
  if (input.benchmarkName !== null && entry.benchmark?.value != null) parts.push(`${input.benchmarkName}: ${show(entry.benchmark.value)}.`);
  return parts.join(' ');
}

/** A small spine chart, or null when there is no spread to draw. */
export function spineChart(input: SpineInput): Element | null {
  const spread = input.entry.spread;
  if (spread === null || spread.min === null || spread.max === null || spread.q1 === null || spread.q3 === null) return null;
  const low = Math.min(spread.min, input.entry.benchmark?.value ?? spread.min);
  const high = Math.max(spread.max, input.entry.benchmark?.value ?? spread.max);
  const marks: Plot.Markish[] = [
    Plot.barX([{ from: spread.min, to: spread.max }], { x1: 'from', x2: 'to', fill: SPREAD_COLOUR, insetTop: 6, insetBottom: 6 }),
    Plot.barX([{ from: spread.q1, to: spread.q3 }], { x1: 'from', x2: 'to', fill: QUARTILE_COLOUR, insetTop: 6, insetBottom: 6 }),
  ];
  if (spread.median !== null) marks.push(Plot.tickX([spread.median], { x: (d: number) => d, stroke: '#1b1f23', strokeWidth: 2 }));
  const benchmark = input.entry.benchmark?.value;
  if (benchmark !== null && benchmark !== undefined) {
    marks.push(Plot.tickX([benchmark], { x: (d: number) => d, stroke: BENCHMARK_COLOUR, strokeWidth: 3, insetTop: 2, insetBottom: 2 }));
  }
  const value = input.entry.area.suppressed ? null : input.entry.area.value;
  if (value !== null) marks.push(Plot.dot([value], { x: (d: number) => d, r: 6, fill: input.colour, stroke: '#1b1f23', strokeWidth: 1.5 }));
  const chart = Plot.plot({
    width: 220,
    height: 34,
    margin: 8,
    x: { domain: low === high ? [low - 1, high + 1] : [low, high], axis: null },
    y: { axis: null },
    style: { background: 'transparent' },
    marks,
  });
  prepareChart(chart);
  return chart;
}
