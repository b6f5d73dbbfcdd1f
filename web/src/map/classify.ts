/**
 * Classification of indicator values into colour classes that survive real
 * data: few distinct values get a class each, a value that dominates at one
 * end of the range (zero, usually) gets its own class, and the rest are split
 * by quantiles, natural breaks or equal intervals.
 *
 * Breaks are the interior cut points, ascending and distinct. A value belongs
 * to class `i` when `breaks[i - 1] <= value < breaks[i]`: the rule of
 * `classOf`, used by the map, the legend and the table alike.
 *
 * @example
 * const breaks = quantileBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5); // [3, 5, 7, 9]
 * classOf(4, breaks); // 1
 */
import { ckmeans } from 'simple-statistics';

export const CLASS_METHODS = ['quantile', 'jenks', 'equal'] as const;
export type ClassMethod = (typeof CLASS_METHODS)[number];

export const CLASS_METHOD_LABELS: Record<ClassMethod, string> = {
  quantile: 'Quantiles (equal numbers of areas)',
  jenks: 'Natural breaks (Jenks)',
  equal: 'Equal intervals',
};

/**
 * A value has its own class when at least this share of the areas have it and
 * it is the lowest or highest value (e.g. no incidents in most LSOAs).
 */
export const DOMINANT_SHARE = 0.25;

/** One class: the range of the values in it (not of the cut points) and how many there are. */
export interface ValueClass {
  /** Smallest value in the class, or the class's lower cut point when it is empty. */
  min: number;
  /** Largest value in the class, or the class's upper cut point when it is empty. */
  max: number;
  count: number;
  /** Whether the class holds one value only (labelled with that value alone). */
  single: boolean;
}

export interface Classification {
  method: ClassMethod;
  breaks: number[];
  classes: ValueClass[];
  /** Why the classes are not the method's plain result, in words for the legend; null otherwise. */
  note: string | null;
}

/** The finite numbers among `values`, sorted ascending. */
export function sortedFinite(values: ReadonlyArray<number | null | undefined>): number[] {
  const finite: number[] = [];
  for (const value of values) {
    if (typeof value === 'number' && Number.isFinite(value)) finite.push(value);
  }
  return finite.sort((a, b) => a - b);
}

function assertClassCount(classCount: number): void {
  if (!Number.isInteger(classCount) || classCount < 1) {
    throw new RangeError(`classCount must be a positive integer, got ${classCount}`);
  }
}

/**
 * Cut points that split `values` into (at most) `classCount` classes of
 * near-equal size. Nulls and non-finite values are ignored. Ties never split
 * across classes, so with few distinct values there are fewer classes:
 * the result has at most `classCount - 1` entries and may be empty.
 */
export function quantileBreaks(values: ReadonlyArray<number | null | undefined>, classCount: number): number[] {
  assertClassCount(classCount);
  const sorted = sortedFinite(values);
  const count = sorted.length;
  const breaks: number[] = [];
  if (count === 0) return breaks;
  const minimum = sorted[0] as number;
  for (let k = 1; k < classCount; k += 1) {
    const cut = sorted[Math.floor((k * count) / classCount)];
    if (cut === undefined || cut === minimum) continue;
    const previous = breaks[breaks.length - 1];
    if (previous === undefined || cut > previous) breaks.push(cut);
  }
  return breaks;
}

/**
 * Natural breaks: the optimal grouping that Jenks's method approximates
 * (simple-statistics' ckmeans, which minimises the within-class variance
 * exactly), as cut points at the first value of each class after the first.
 */
export function naturalBreaks(values: ReadonlyArray<number | null | undefined>, classCount: number): number[] {
  assertClassCount(classCount);
  const sorted = sortedFinite(values);
  const distinct = new Set(sorted).size;
  if (distinct <= 1 || classCount === 1) return [];
  const clusters = ckmeans(sorted, Math.min(classCount, distinct));
  return clusters.slice(1).flatMap((cluster) => (cluster.length === 0 ? [] : [cluster[0] as number]));
}

/** Cut points at equal steps from the smallest to the largest value (classes may be empty). */
export function equalIntervalBreaks(values: ReadonlyArray<number | null | undefined>, classCount: number): number[] {
  assertClassCount(classCount);
  const sorted = sortedFinite(values);
  const minimum = sorted[0];
  const maximum = sorted[sorted.length - 1];
  if (minimum === undefined || maximum === undefined || minimum === maximum) return [];
  const step = (maximum - minimum) / classCount;
  return Array.from({ length: classCount - 1 }, (_, index) => minimum + step * (index + 1));
}

const BREAKS_BY_METHOD: Record<ClassMethod, (values: readonly number[], classCount: number) => number[]> = {
  quantile: quantileBreaks,
  jenks: naturalBreaks,
  equal: equalIntervalBreaks,
};

/** The most frequent value and how often it occurs (the smallest such value on a tie). */
function modeOf(sorted: readonly number[]): { value: number; count: number } | null {
  let best: { value: number; count: number } | null = null;
  let run = 0;
  for (let index = 0; index < sorted.length; index += 1) {
    run = index > 0 && sorted[index] === sorted[index - 1] ? run + 1 : 1;
    if (best === null || run > best.count) best = { value: sorted[index] as number, count: run };
  }
  return best;
}

/** The class index (0 … breaks.length) of `value`, or null for a missing value. */
export function classOf(value: number | null | undefined, breaks: readonly number[]): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  let index = 0;
  while (index < breaks.length && value >= (breaks[index] as number)) index += 1;
  return index;
}

/** How many of `values` fall in each class. */
export function classCounts(values: ReadonlyArray<number | null | undefined>, breaks: readonly number[]): number[] {
  const counts = new Array<number>(breaks.length + 1).fill(0);
  for (const value of values) {
    const index = classOf(value, breaks);
    if (index !== null) counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}

/** The classes that `breaks` make of `sorted` values, with the range of the values in each. */
export function classesOf(sorted: readonly number[], breaks: readonly number[]): ValueClass[] {
  const classes: ValueClass[] = Array.from({ length: breaks.length + 1 }, (_, index) => ({
    min: index === 0 ? (sorted[0] ?? 0) : (breaks[index - 1] as number),
    max: breaks[index] ?? sorted[sorted.length - 1] ?? 0,
    count: 0,
    single: false,
  }));
  for (const value of sorted) {
    const entry = classes[classOf(value, breaks) as number] as ValueClass;
    if (entry.count === 0) entry.min = value;
    entry.max = value;
    entry.count += 1;
  }
  for (const entry of classes) entry.single = entry.count > 0 && entry.min === entry.max;
  return classes;
}

/**
 * Classify `values` into at most `classCount` classes by `method`, so that
 * no class is a degenerate range: when there are no more distinct values than
 * classes, each value is a class; a value held by at least DOMINANT_SHARE of
 * the areas at either end of the range gets a class of its own and the rest
 * are classified in the classes left.
 */
export function classify(
  values: ReadonlyArray<number | null | undefined>,
  method: ClassMethod,
  classCount: number,
): Classification {
  assertClassCount(classCount);
  const sorted = sortedFinite(values);
  const distinct = [...new Set(sorted)];
  if (distinct.length <= classCount) {
    const breaks = distinct.slice(1);
    const note = distinct.length > 1 ? `Only ${distinct.length} different values: one class each.` : null;
    return { method, breaks, classes: classesOf(sorted, breaks), note };
  }
  const mode = modeOf(sorted);
  const lowest = distinct[0] as number;
  const highest = distinct[distinct.length - 1] as number;
  if (mode !== null && classCount > 2 && mode.count >= DOMINANT_SHARE * sorted.length && (mode.value === lowest || mode.value === highest)) {
    const rest = sorted.filter((value) => value !== mode.value);
    const restBreaks = BREAKS_BY_METHOD[method](rest, classCount - 1);
    const restLowest = rest[0] as number;
    const breaks = mode.value === lowest ? [restLowest, ...restBreaks] : [...restBreaks, mode.value];
    const share = Math.round((100 * mode.count) / sorted.length);
    return {
      method,
      breaks,
      classes: classesOf(sorted, breaks),
      note: `${share}% of the areas with a value have the same value, so it has a class of its own.`,
    };
  }
  const breaks = BREAKS_BY_METHOD[method](sorted, classCount);
  return { method, breaks, classes: classesOf(sorted, breaks), note: null };
}
