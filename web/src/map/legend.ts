/**
 * The map legend: one swatch per class with its range and number of areas,
 * then the "withheld" and "no data" swatches, the unit and the polarity.
 * `legendModel` is pure; `renderLegend` draws a model into the page.
 */
import { classCounts, sortedFinite } from './classify.ts';
import { NO_DATA_COLOUR, WITHHELD_COLOUR, WITHHELD_HATCH_COLOUR } from './colour-scale.ts';
import { formatNumber } from '../format/numbers.ts';

export type Polarity = 'high-is-good' | 'low-is-good' | 'no-judgement';

export interface LegendClass {
  colour: string;
  label: string;
  count: number;
}

export interface LegendModel {
  unit: string;
  polarityNote: string | null;
  classes: LegendClass[];
  withheldCount: number;
  noDataCount: number;
}

export interface LegendInput {
  breaks: readonly number[];
  colours: readonly string[];
  /** Values of the areas shown (nulls allowed, they are not counted in a class). */
  values: ReadonlyArray<number | null>;
  decimals: number;
  unit: string;
  polarity: Polarity;
  withheldCount: number;
  noDataCount: number;
}

export function polarityNote(polarity: Polarity): string | null {
  switch (polarity) {
    case 'high-is-good':
      return 'Higher is better';
    case 'low-is-good':
      return 'Lower is better';
    case 'no-judgement':
      return null;
  }
}

/** The range label of each class, from the data's minimum to its maximum. */
export function classLabels(breaks: readonly number[], minimum: number, maximum: number, decimals: number): string[] {
  const show = (value: number): string => formatNumber(value, decimals);
  if (breaks.length === 0) {
    return [minimum === maximum ? show(minimum) : `${show(minimum)} to ${show(maximum)}`];
  }
  const lowerBounds = [minimum, ...breaks];
  return lowerBounds.map((lower, index) => {
    const upper = breaks[index];
    return upper === undefined ? `${show(lower)} to ${show(maximum)}` : `${show(lower)} to under ${show(upper)}`;
  });
}

export function legendModel(input: LegendInput): LegendModel {
  if (input.colours.length !== input.breaks.length + 1) {
    throw new RangeError(`Need ${input.breaks.length + 1} colours for ${input.breaks.length} breaks`);
  }
  const sorted = sortedFinite(input.values);
  const minimum = sorted[0];
  const maximum = sorted[sorted.length - 1];
  const classes: LegendClass[] = [];
  if (minimum !== undefined && maximum !== undefined) {
    const labels = classLabels(input.breaks, minimum, maximum, input.decimals);
    const counts = classCounts(sorted, input.breaks);
    input.colours.forEach((colour, index) => {
      classes.push({ colour, label: labels[index] ?? '', count: counts[index] ?? 0 });
    });
  }
  return {
    unit: input.unit,
    polarityNote: polarityNote(input.polarity),
    classes,
    withheldCount: input.withheldCount,
    noDataCount: input.noDataCount,
  };
}

function areaCount(count: number): string {
  return count === 1 ? '1 area' : `${formatNumber(count, 0)} areas`;
}

function swatchItem(swatchClass: string, colour: string, label: string, count: number): HTMLLIElement {
  const item = document.createElement('li');
  const swatch = document.createElement('span');
  swatch.className = `legend-swatch ${swatchClass}`;
  swatch.style.setProperty('--swatch-colour', colour);
  swatch.setAttribute('aria-hidden', 'true');
  const text = document.createElement('span');
  text.className = 'legend-label';
  text.textContent = label;
  const counted = document.createElement('span');
  counted.className = 'legend-count';
  counted.textContent = `(${areaCount(count)})`;
  item.append(swatch, text, ' ', counted);
  return item;
}

/** Replace the contents of `container` with the legend for `model`. */
export function renderLegend(container: HTMLElement, model: LegendModel): void {
  const heading = document.createElement('h3');
  heading.className = 'legend-title';
  heading.textContent = 'Legend';
  const unit = document.createElement('p');
  unit.className = 'legend-unit';
  unit.textContent = model.polarityNote === null ? model.unit : `${model.unit} · ${model.polarityNote}`;
  const list = document.createElement('ul');
  list.className = 'legend-list';
  for (const entry of model.classes) list.append(swatchItem('legend-swatch-class', entry.colour, entry.label, entry.count));
  const withheld = swatchItem('legend-swatch-withheld', WITHHELD_COLOUR, 'Withheld', model.withheldCount);
  withheld.style.setProperty('--hatch-colour', WITHHELD_HATCH_COLOUR);
  list.append(withheld, swatchItem('legend-swatch-no-data', NO_DATA_COLOUR, 'No data', model.noDataCount));
  container.replaceChildren(heading, unit, list);
}
