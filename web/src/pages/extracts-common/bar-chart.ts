/**
 * Small SVG bar charts: horizontal bars with their labels (quarantine reasons), and vertical bars per
 * month with a line at the usual value and unusual months marked by colour, hatching and a label (so
 * the mark does not rest on colour alone). Each chart has a text alternative; the pages show the same
 * numbers in a table beside it.
 */
const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** Horizontal bars, one per item, longest first as given. */
export function horizontalBars(title: string, items: readonly { label: string; value: number }[]): SVGSVGElement {
  const rowHeight = 26;
  const width = 640;
  const labelWidth = 330;
  const max = Math.max(1, ...items.map((i) => i.value));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${items.length * rowHeight + 8}`, role: 'img', class: 'bar-chart' });
  chart.setAttribute('aria-label', `${title}: ${items.map((i) => `${i.label} ${i.value}`).join('; ')}`);
  items.forEach((item, index) => {
    const y = index * rowHeight + 4;
    const label = svg('text', { x: labelWidth - 8, y: y + 16, 'text-anchor': 'end', class: 'bar-label' });
    label.textContent = item.label.length > 48 ? `${item.label.slice(0, 47)}…` : item.label;
    const barWidth = Math.max(2, ((width - labelWidth - 60) * item.value) / max);
    const bar = svg('rect', { x: labelWidth, y, width: barWidth, height: rowHeight - 8, class: 'bar' });
    const value = svg('text', { x: labelWidth + barWidth + 6, y: y + 16, class: 'bar-value' });
    value.textContent = item.value.toLocaleString('en-GB');
    chart.append(label, bar, value);
  });
  return chart;
}

/** Vertical bars per period with a dashed line at the usual value; unusual periods hatched, coloured and marked "!". */
export function periodBars(title: string, periods: readonly { period: string; rows: number; usual: number; unusual: boolean }[]): SVGSVGElement {
  const height = 220;
  const bottom = 40;
  const left = 48;
  const barSlot = Math.max(8, Math.min(40, 720 / Math.max(1, periods.length)));
  const width = left + barSlot * periods.length + 16;
  const max = Math.max(1, ...periods.map((p) => Math.max(p.rows, p.usual)));
  const y = (value: number) => height - bottom - ((height - bottom - 16) * value) / max;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'period-chart' });
  const unusual = periods.filter((p) => p.unusual).map((p) => p.period);
  chart.setAttribute('aria-label', `${title}. ${unusual.length > 0 ? `Unusual months: ${unusual.join(', ')}.` : 'No unusual months.'}`);
  const defs = svg('defs', {});
  const pattern = svg('pattern', { id: 'unusual-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  pattern.append(svg('rect', { width: 6, height: 6, class: 'bar unusual' }), svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch' }));
  defs.append(pattern);
  chart.append(defs);
  chart.append(svg('line', { x1: left, x2: width - 8, y1: height - bottom, y2: height - bottom, class: 'axis' }));
  const top = svg('text', { x: left - 6, y: y(max) + 4, 'text-anchor': 'end', class: 'axis-label' });
  top.textContent = max.toLocaleString('en-GB');
  chart.append(top);
  periods.forEach((p, index) => {
    const x = left + index * barSlot + 2;
    chart.append(svg('rect', { x, y: y(p.rows), width: barSlot - 4, height: Math.max(0, height - bottom - y(p.rows)), class: p.unusual ? 'bar unusual' : 'bar', fill: p.unusual ? 'url(#unusual-hatch)' : '' }));
    if (p.unusual) {
      const mark = svg('text', { x: x + (barSlot - 4) / 2, y: y(p.rows) - 4, 'text-anchor': 'middle', class: 'unusual-mark' });
      mark.textContent = '!';
      chart.append(mark);
    }
    if (index % Math.ceil(periods.length / 12) === 0) {
      const label = svg('text', { x: x + (barSlot - 4) / 2, y: height - bottom + 16, 'text-anchor': 'middle', class: 'axis-label' });
      label.textContent = p.period;
      chart.append(label);
    }
  });
  const usual = periods[0]?.usual ?? 0;
  chart.append(svg('line', { x1: left, x2: width - 8, y1: y(usual), y2: y(usual), class: 'usual-line' }));
  const usualLabel = svg('text', { x: width - 10, y: y(usual) - 4, 'text-anchor': 'end', class: 'axis-label' });
  usualLabel.textContent = `usual ${Math.round(usual).toLocaleString('en-GB')}`;
  chart.append(usualLabel);
  return chart;
}
