/**
 * Quantile classification of indicator values into colour classes.
 *
 * Breaks are the interior cut points, ascending and distinct. A value belongs
 * to class `i` when `breaks[i - 1] <= value < breaks[i]`: the same rule as a
 * MapLibre `step` expression, so the map, the legend and the table agree.
 *
 * @example
 * const breaks = quantileBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5); // [3, 5, 7, 9]
 * classOf(4, breaks); // 1
 */

/** The finite numbers among `values`, sorted ascending. */
export function sortedFinite(values: ReadonlyArray<number | null | undefined>): number[] {
  const finite: number[] = [];
  for (const value of values) {
    if (typeof value === 'number' && Number.isFinite(value)) finite.push(value);
  }
  return finite.sort((a, b) => a - b);
}

/**
 * Cut points that split `values` into (at most) `classCount` classes of
 * near-equal size. Nulls and non-finite values are ignored. Ties never split
 * across classes, so with few distinct values there are fewer classes:
 * the result has at most `classCount - 1` entries and may be empty.
 */
export function quantileBreaks(
  values: ReadonlyArray<number | null | undefined>,
  classCount: number,
): number[] {
  if (!Number.isInteger(classCount) || classCount < 1) {
    throw new RangeError(`classCount must be a positive integer, got ${classCount}`);
  }
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

/** The class index (0 … breaks.length) of `value`, or null for a missing value. */
export function classOf(value: number | null | undefined, breaks: readonly number[]): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  let index = 0;
  while (index < breaks.length && value >= (breaks[index] as number)) index += 1;
  return index;
}

/** How many of `values` fall in each class. */
export function classCounts(
  values: ReadonlyArray<number | null | undefined>,
  breaks: readonly number[],
): number[] {
  const counts = new Array<number>(breaks.length + 1).fill(0);
  for (const value of values) {
    const index = classOf(value, breaks);
    if (index !== null) counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}
