/**
 * Every chart comes in the same frame: a <figure> with a caption, the chart
 * (an image whose accessible name is the text alternative), a toggle that
 * shows the chart's figures as a table, and its source line.
 */
export interface ChartTable {
  caption: string;
  columns: readonly string[];
  /** Which columns hold numbers (right-aligned). */
  numeric?: ReadonlySet<number>;
  rows: ReadonlyArray<ReadonlyArray<string>>;
}

export interface ChartFigureInput {
  title: string;
  /** What the chart shows, in words: its text alternative. */
  summary: string;
  chart: Element;
  table: ChartTable;
  source: string | null;
  className?: string;
}

/**
 * Make Observable Plot's SVG fit for our pages. Its ARIA labels on mark groups ("line", "area",
 * …) move to `data-mark`: a <g> without a role may not carry aria-label, and the chart is one
 * image whose text alternative says what it shows. Its own <style> element goes: the page's CSP
 * allows only our stylesheet (styles.css carries the same rules under `svg.chart-svg`).
 */
export function prepareChart(chart: Element): void {
  for (const marked of chart.querySelectorAll('[aria-label]')) {
    marked.setAttribute('data-mark', marked.getAttribute('aria-label') ?? '');
    marked.removeAttribute('aria-label');
  }
  for (const described of chart.querySelectorAll('[aria-description]')) described.removeAttribute('aria-description');
  for (const sheet of chart.querySelectorAll('style')) sheet.remove();
  const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg');
  svg?.classList.add('chart-svg');
}

/** A scrolling box for a wide table, reachable by keyboard so it can be scrolled without a mouse. */
export function scrollingRegion(className: string, label: string, content: Element): HTMLDivElement {
  const region = document.createElement('div');
  region.className = className;
  region.tabIndex = 0;
  region.setAttribute('role', 'region');
  region.setAttribute('aria-label', label);
  region.append(content);
  return region;
}

/** A table of a chart's figures. */
export function figuresTable(table: ChartTable): HTMLTableElement {
  const element = document.createElement('table');
  element.className = 'data-table';
  const caption = document.createElement('caption');
  caption.textContent = table.caption;
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  table.columns.forEach((column, index) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = column;
    if (table.numeric?.has(index)) th.className = 'numeric';
    headRow.append(th);
  });
  head.append(headRow);
  const body = document.createElement('tbody');
  for (const row of table.rows) {
    const tr = document.createElement('tr');
    row.forEach((cell, index) => {
      const td = document.createElement(index === 0 ? 'th' : 'td');
      if (td instanceof HTMLTableCellElement && index === 0) td.setAttribute('scope', 'row');
      td.textContent = cell;
      if (table.numeric?.has(index)) td.className = 'numeric';
      tr.append(td);
    });
    body.append(tr);
  }
  element.append(caption, head, body);
  return element;
}

/** The chart in its frame, with its text alternative, table toggle and source. */
export function chartFigure(input: ChartFigureInput): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = `chart-figure ${input.className ?? ''}`.trim();
  const caption = document.createElement('figcaption');
  caption.textContent = input.title;
  prepareChart(input.chart);
  input.chart.setAttribute('role', 'img');
  input.chart.setAttribute('aria-label', input.summary);
  const summary = document.createElement('p');
  summary.className = 'chart-summary';
  summary.textContent = input.summary;
  const toggle = document.createElement('details');
  toggle.className = 'chart-table';
  const label = document.createElement('summary');
  label.textContent = 'Show the figures as a table';
  toggle.append(label, scrollingRegion('table-scroller', input.table.caption, figuresTable(input.table)));
  figure.append(caption, input.chart, summary, toggle);
  if (input.source !== null) {
    const source = document.createElement('p');
    source.className = 'chart-source';
    source.textContent = `Source: ${input.source}`;
    figure.append(source);
  }
  return figure;
}
