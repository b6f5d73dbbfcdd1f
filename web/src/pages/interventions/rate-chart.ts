/**
 * A line chart of the intervention and comparison groups' rates over time, as SVG, with the
 * intervention's start marked. The rates table beside it is the accessible alternative.
 */
import type { IndicatorEvaluation } from '../board-common/boards-api.ts';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 260;
const PAD = { left: 48, right: 32, top: 16, bottom: 48 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** The chart's y scale: from 0 to a little above the largest rate. */
export function yMax(points: IndicatorEvaluation['chart']): number {
  const values = points.flatMap((p) => [p.intervention, p.comparison]).filter((v): v is number => v !== null);
  return values.length === 0 ? 1 : Math.max(...values) * 1.1;
}

/** Draws both groups' rates by period; gaps where a figure is withheld. */
export function rateChart(evaluation: IndicatorEvaluation): SVGSVGElement {
  const points = evaluation.chart;
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'rate-chart', role: 'img', 'aria-label': `${evaluation.title}: rate in the intervention and comparison areas by period` });
  const top = yMax(points);
  const x = (i: number) => PAD.left + (points.length <= 1 ? 0 : (i * (WIDTH - PAD.left - PAD.right)) / (points.length - 1));
  const y = (v: number) => HEIGHT - PAD.bottom - (v / top) * (HEIGHT - PAD.top - PAD.bottom);
  root.append(svg('line', { x1: PAD.left, y1: y(0), x2: WIDTH - PAD.right, y2: y(0), class: 'axis' }));
  for (const tick of [0, top / 2, top]) {
    const label = svg('text', { x: PAD.left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'tick' });
    label.textContent = tick.toFixed(1);
    root.append(label);
  }
  points.forEach((p, i) => {
    const label = svg('text', { x: x(i), y: HEIGHT - PAD.bottom + 16, 'text-anchor': 'middle', class: 'tick' });
    label.textContent = p.period;
    root.append(label);
  });
  const firstAfter = points.findIndex((p) => p.phase === 'after');
  if (firstAfter > 0) {
    const at = (x(firstAfter - 1) + x(firstAfter)) / 2;
    root.append(svg('line', { x1: at, y1: PAD.top, x2: at, y2: y(0), class: 'start-line' }));
    const label = svg('text', { x: at + 4, y: PAD.top + 10, class: 'tick' });
    label.textContent = 'start';
    root.append(label);
  }
  for (const group of ['intervention', 'comparison'] as const) {
    let path = '';
    points.forEach((p, i) => {
      const v = p[group];
      if (v === null) return;
      path += `${path === '' || points[i - 1]?.[group] === null ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      root.append(svg('circle', { cx: x(i), cy: y(v), r: 3, class: `dot ${group}` }));
    });
    root.append(svg('path', { d: path.trim(), class: `series ${group}`, 'data-group': group }));
  }
  const legend = svg('g', { class: 'chart-legend' });
  (['intervention', 'comparison'] as const).forEach((group, k) => {
    const lx = PAD.left + k * 200;
    legend.append(svg('line', { x1: lx, y1: HEIGHT - 12, x2: lx + 24, y2: HEIGHT - 12, class: `series ${group}` }));
    const text = svg('text', { x: lx + 30, y: HEIGHT - 8, class: 'tick' });
    text.textContent = group === 'intervention' ? 'Intervention areas' : 'Comparison areas';
    legend.append(text);
  });
  root.append(legend);
  return root;
}
