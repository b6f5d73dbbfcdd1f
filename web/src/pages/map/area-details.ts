/**
 * The panel that shows the figures of the selected area: value, confidence
 * interval, numerator and denominator, or why the figure is withheld.
 */
import type { AreaFigure } from '../../api/client.ts';
import { formatCount, formatNumber } from '../../format/numbers.ts';

export interface AreaDetailsInput {
  figure: AreaFigure | null;
  /** Name and code of the area, known from geometry even without a figure. */
  area: { code: string; name: string } | null;
  unit: string;
  decimals: number;
  periodLabel: string;
  colour: string | null;
  /** How the area compares with the benchmark of the colour mode, when the map shows a comparison. */
  comparison?: string | null;
  /** What the area is, when its code does not say: e.g. "Primary care network of 21 LSOAs". */
  kind?: string | null;
}

/** A figure's value with its unit, or what stands in for it. */
export function describeValue(figure: AreaFigure | null | undefined, unit: string, decimals: number): string {
  if (figure === null || figure === undefined) return 'no data';
  if (figure.suppressed) return 'withheld';
  if (figure.value === null) return 'no data';
  return `${formatNumber(figure.value, decimals)} ${unit}`;
}

function term(list: HTMLDListElement, label: string, value: string | Node): void {
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.append(value);
  list.append(dt, dd);
}

export function renderAreaDetails(container: HTMLElement, input: AreaDetailsInput): void {
  const heading = document.createElement('h2');
  heading.id = 'details-heading';
  heading.textContent = input.area?.name ?? 'Selected area';
  if (input.area === null) {
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.textContent = 'Select an area on the map, or with its name in the table, to see its figures.';
    container.replaceChildren(heading, hint);
    return;
  }
  const list = document.createElement('dl');
  list.className = 'details-list';
  if (input.kind) term(list, 'Area', input.kind);
  term(list, 'Area code', input.area.code);
  term(list, 'Period', input.periodLabel);
  const figure = input.figure;
  const value = document.createElement('span');
  value.className = 'details-value';
  if (input.colour !== null) {
    const swatch = document.createElement('span');
    swatch.className = figure?.suppressed ? 'legend-swatch legend-swatch-withheld' : 'legend-swatch legend-swatch-class';
    swatch.style.setProperty('--swatch-colour', input.colour);
    swatch.setAttribute('aria-hidden', 'true');
    value.append(swatch);
  }
  value.append(describeValue(figure, input.unit, input.decimals));
  term(list, 'Value', value);
  if (input.comparison) term(list, 'Compared', input.comparison);
  if (figure?.suppressed) {
    term(list, 'Why withheld', figure.suppressionReason ?? 'Not stated');
    // Only roles the agreements let see raw rows are sent the rule; the public wording stays above it.
    if (figure.withholdingRule) term(list, 'Rule applied (not public)', figure.withholdingRule);
  } else if (figure !== null) {
    const interval =
      figure.lower !== null && figure.upper !== null
        ? `${formatNumber(figure.lower, input.decimals)} to ${formatNumber(figure.upper, input.decimals)}`
        : 'not available';
    term(list, 'Confidence interval', interval);
    term(list, 'Numerator', formatCount(figure.numerator) || 'not available');
    term(list, 'Denominator', formatCount(figure.denominator) || 'not available');
  }
  container.replaceChildren(heading, list);
}
