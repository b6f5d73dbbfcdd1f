/** A sparkline: a series' shape over time, no axes; its words say what it shows. */
import * as Plot from '@observablehq/plot';
import type { SeriesPoint } from '../../api/client.ts';
import { AREA_COLOUR } from './chart-colours.ts';
import { prepareChart } from './chart-figure.ts';

/** A 120 × 32 line of the series' published values (withheld periods are gaps), or null with fewer than two. */
export function sparkline(points: readonly SeriesPoint[], label: string): Element | null {
  const rows = points.map((point) => ({ date: new Date(`${point.period.start}T00:00:00Z`), value: point.suppressed ? null : point.value }));
  if (rows.filter((row) => row.value !== null).length < 2) return null;
  const chart = Plot.plot({
    width: 120,
    height: 32,
    margin: 3,
    x: { type: 'utc', axis: null },
    y: { axis: null, zero: false },
    style: { background: 'transparent' },
    marks: [
      Plot.lineY(rows, { x: 'date', y: 'value', stroke: AREA_COLOUR, strokeWidth: 1.8 }),
      Plot.dot(rows.slice(-1), { x: 'date', y: 'value', fill: AREA_COLOUR, r: 2.5 }),
    ],
  });
  prepareChart(chart);
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', label);
  return chart;
}
