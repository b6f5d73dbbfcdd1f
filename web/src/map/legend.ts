/**
 * The map legend. In the value mode: one swatch per class, labelled with the
 * range of the values in it (one value alone when that is all it holds, never
 * "5.25 to 5.25"), its number of areas, the polarity and any note on the
 * classification. In a comparison mode: better / similar / worse (or higher /
 * lower, not judged) than the benchmark, with counts. Both end with the
 * "withheld" and "no data" swatches. The models are pure; `renderLegend` draws one.
 */
import type { Polarity } from '../api/client.ts';
import type { Classification, ValueClass } from './classify.ts';
import { COMPARISON_COLOURS, NO_DATA_COLOUR, WITHHELD_COLOUR, WITHHELD_HATCH_COLOUR } from './colour-scale.ts';
import type { ComparisonCategory } from './colour-scale.ts';
import { CATEGORY_LABELS, categoriesFor } from './compare-areas.ts';
import { formatNumber } from '../format/numbers.ts';

export interface LegendEntry {
  colour: string;
  label: string;
  count: number;
}

export interface LegendModel {
  title: string;
  unit: string;
  polarityNote: string | null;
  entries: LegendEntry[];
  /** Why the classes look as they do (a value with its own class, one class per value), if they need saying. */
  note: string | null;
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
      return 'Neither higher nor lower is better';
  }
}

const MAX_DECIMALS = 6;

function labelsAt(classes: readonly ValueClass[], decimals: number): string[] {
  const show = (value: number): string => formatNumber(value, decimals);
  return classes.map((entry) => {
    if (entry.count === 0) return `none from ${show(entry.min)} to under ${show(entry.max)}`;
    if (entry.single) return show(entry.min);
    return `${show(entry.min)} to ${show(entry.max)}`;
  });
}

function ambiguousAt(classes: readonly ValueClass[], decimals: number): boolean {
  const show = (value: number): string => formatNumber(value, decimals);
  return classes.some((entry, index) => {
    if (entry.count > 0 && !entry.single && show(entry.min) === show(entry.max)) return true;
    const next = classes[index + 1];
    return next !== undefined && entry.max !== next.min && show(entry.max) === show(next.min);
  });
}

/**
 * The label of each class: the range of the values in it, with enough
 * decimals (from `decimals` up) that no range reads as one value and no two
 * neighbouring classes seem to share a value.
 */
export function classLabels(classes: readonly ValueClass[], decimals: number): string[] {
  let shown = decimals;
  while (shown < MAX_DECIMALS && ambiguousAt(classes, shown)) shown += 1;
  return labelsAt(classes, shown);
}

export interface ValueLegendInput {
  classification: Classification;
  colours: readonly string[];
  decimals: number;
  unit: string;
  polarity: Polarity;
  withheldCount: number;
  noDataCount: number;
}

export function valueLegend(input: ValueLegendInput): LegendModel {
  const { classes } = input.classification;
  if (input.colours.length !== classes.length) {
    throw new RangeError(`Need ${classes.length} colours for ${classes.length} classes, got ${input.colours.length}`);
  }
  const counted = classes.some((entry) => entry.count > 0);
  const labels = classLabels(classes, input.decimals);
  return {
    title: 'Legend',
    unit: input.unit,
    polarityNote: polarityNote(input.polarity),
    entries: counted ? classes.map((entry, index) => ({ colour: input.colours[index] as string, label: labels[index] as string, count: entry.count })) : [],
    note: input.classification.note,
    withheldCount: input.withheldCount,
    noDataCount: input.noDataCount,
  };
}

export interface ComparisonLegendInput {
  counts: Partial<Record<ComparisonCategory, number>>;
  polarity: Polarity;
  /** e.g. "the parent area" or "Chorley and South Ribble". */
  benchmarkName: string;
  unit: string;
  withheldCount: number;
  noDataCount: number;
}

export function comparisonLegend(input: ComparisonLegendInput): LegendModel {
  return {
    title: `Compared with ${input.benchmarkName}`,
    unit: input.unit,
    polarityNote: polarityNote(input.polarity),
    entries: categoriesFor(input.polarity).map((category) => ({
      colour: COMPARISON_COLOURS[category],
      label: CATEGORY_LABELS[category],
      count: input.counts[category] ?? 0,
    })),
    note:
      input.polarity === 'no-judgement'
        ? 'This indicator has no polarity, so areas are not judged better or worse: only significantly higher or lower (95% confidence interval).'
        : 'Significantly better or worse: the area’s 95% confidence interval lies wholly on one side of the benchmark’s value.',
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
  const heading = document.createElement('h2');
  heading.className = 'legend-title';
  heading.textContent = model.title;
  const unit = document.createElement('p');
  unit.className = 'legend-unit';
  unit.textContent = model.polarityNote === null ? model.unit : `${model.unit} · ${model.polarityNote}`;
  const list = document.createElement('ul');
  list.className = 'legend-list';
  for (const entry of model.entries) list.append(swatchItem('legend-swatch-class', entry.colour, entry.label, entry.count));
  const withheld = swatchItem('legend-swatch-withheld', WITHHELD_COLOUR, 'Withheld', model.withheldCount);
  withheld.style.setProperty('--hatch-colour', WITHHELD_HATCH_COLOUR);
  list.append(withheld, swatchItem('legend-swatch-no-data', NO_DATA_COLOUR, 'No data', model.noDataCount));
  container.replaceChildren(heading, unit, list);
  if (model.note !== null) {
    const note = document.createElement('p');
    note.className = 'legend-note';
    note.textContent = model.note;
    container.append(note);
  }
}
