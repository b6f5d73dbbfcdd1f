import { describe, expect, it } from 'vitest';
import { classCounts, classOf, classify, equalIntervalBreaks, naturalBreaks, quantileBreaks, sortedFinite } from './classify.ts';

describe('sortedFinite', () => {
  it('drops nulls, undefined, NaN and infinities and sorts ascending', () => {
    expect(sortedFinite([3, null, 1, Number.NaN, undefined, 2, Number.POSITIVE_INFINITY])).toEqual([1, 2, 3]);
  });
});

describe('quantileBreaks', () => {
  it('splits ten distinct values into five classes of two', () => {
    const values = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const breaks = quantileBreaks(values, 5);
    expect(breaks).toEqual([3, 5, 7, 9]);
    expect(classCounts(values, breaks)).toEqual([2, 2, 2, 2, 2]);
  });

  it('gives 140 LSOA-like values five classes of 28', () => {
    const values = Array.from({ length: 140 }, (_, index) => (index * 37) % 140 + 0.5);
    const breaks = quantileBreaks(values, 5);
    expect(breaks).toHaveLength(4);
    expect(classCounts(values, breaks)).toEqual([28, 28, 28, 28, 28]);
  });

  it('ignores missing values', () => {
    expect(quantileBreaks([null, 1, 2, null, 3, 4], 2)).toEqual([3]);
  });

  it('returns no breaks for no values or a single class', () => {
    expect(quantileBreaks([], 5)).toEqual([]);
    expect(quantileBreaks([null, null], 5)).toEqual([]);
    expect(quantileBreaks([1, 2, 3], 1)).toEqual([]);
  });

  it('never splits ties, so few distinct values give fewer classes', () => {
    expect(quantileBreaks([5, 5, 5, 5], 5)).toEqual([]);
    const breaks = quantileBreaks([0, 0, 0, 0, 0, 0, 1, 2], 5);
    expect(breaks).toEqual([1]);
    expect(classCounts([0, 0, 0, 0, 0, 0, 1, 2], breaks)).toEqual([6, 2]);
  });

  it('returns strictly ascending breaks above the minimum', () => {
    const values = [1, 1, 2, 2, 2, 2, 3, 3, 9, 9, 9, 9, 9, 9];
    const breaks = quantileBreaks(values, 5);
    expect(breaks.every((value, index) => index === 0 || value > (breaks[index - 1] as number))).toBe(true);
    expect(breaks.every((value) => value > 1)).toBe(true);
  });

  it('rejects a class count that is not a positive integer', () => {
    expect(() => quantileBreaks([1], 0)).toThrow(RangeError);
    expect(() => quantileBreaks([1], 2.5)).toThrow(RangeError);
  });

  it('does not mutate its input', () => {
    const values = [3, 1, 2];
    quantileBreaks(values, 2);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('classOf', () => {
  const breaks = [10, 20, 30];

  it('puts a value equal to a break in the class above it, like a MapLibre step', () => {
    expect(classOf(9.99, breaks)).toBe(0);
    expect(classOf(10, breaks)).toBe(1);
    expect(classOf(19.99, breaks)).toBe(1);
    expect(classOf(20, breaks)).toBe(2);
    expect(classOf(30, breaks)).toBe(3);
    expect(classOf(1e9, breaks)).toBe(3);
    expect(classOf(-5, breaks)).toBe(0);
  });

  it('returns null for a missing value', () => {
    expect(classOf(null, breaks)).toBeNull();
    expect(classOf(undefined, breaks)).toBeNull();
    expect(classOf(Number.NaN, breaks)).toBeNull();
  });

  it('puts everything in class 0 when there are no breaks', () => {
    expect(classOf(42, [])).toBe(0);
  });
});

describe('naturalBreaks', () => {
  it('cuts at the gaps between clusters', () => {
    const values = [1, 1.2, 1.1, 10, 10.5, 11, 30, 31, 29.5];
    expect(naturalBreaks(values, 3)).toEqual([10, 29.5]);
  });

  it('gives no more classes than distinct values, and none for one value', () => {
    expect(naturalBreaks([2, 2, 5, 5], 5)).toEqual([5]);
    expect(naturalBreaks([4, 4, 4], 5)).toEqual([]);
  });
});

describe('equalIntervalBreaks', () => {
  it('steps evenly from the minimum to the maximum', () => {
    expect(equalIntervalBreaks([0, 3, 10], 5)).toEqual([2, 4, 6, 8]);
    expect(equalIntervalBreaks([7, 7], 5)).toEqual([]);
  });
});

describe('classify', () => {
  it('gives each value its own class when there are no more values than classes', () => {
    // The pilot's false-alarm share: 15 LSOAs with a value, only 0, 50, 66.7 and 100 among them.
    const values = [0, 0, 0, 0, 0, 0, 100, 100, 100, 100, 50, 50, 66.7, null, null];
    const result = classify(values, 'quantile', 5);
    expect(result.breaks).toEqual([50, 66.7, 100]);
    expect(result.classes.map((entry) => [entry.min, entry.max, entry.count, entry.single])).toEqual([
      [0, 0, 6, true],
      [50, 50, 2, true],
      [66.7, 66.7, 1, true],
      [100, 100, 4, true],
    ]);
    expect(result.note).toMatch(/Only 4 different values/);
  });

  it('gives a dominant zero its own class and splits the rest', () => {
    // Like the pilot's fly-tipping by LSOA: 39 of 68 values are 0.
    const rest = Array.from({ length: 29 }, (_, index) => 1 + index * 0.2);
    const values = [...new Array<number>(39).fill(0), ...rest];
    for (const method of ['quantile', 'jenks', 'equal'] as const) {
      const result = classify(values, method, 5);
      expect(result.classes[0]).toEqual({ min: 0, max: 0, count: 39, single: true });
      expect(result.classes).toHaveLength(5);
      expect(result.classes.slice(1).reduce((sum, entry) => sum + entry.count, 0)).toBe(29);
      expect(result.note).toMatch(/57% of the areas/);
    }
  });

  it('gives a dominant maximum its own class too', () => {
    const values = [...new Array<number>(10).fill(10), 1, 2, 3, 4, 5, 6, 7];
    const result = classify(values, 'quantile', 5);
    const last = result.classes[result.classes.length - 1];
    expect(last).toEqual({ min: 10, max: 10, count: 10, single: true });
  });

  it('classifies plain data by the chosen method, with each class’s range from its own values', () => {
    const values = Array.from({ length: 140 }, (_, index) => index + 0.5);
    const result = classify(values, 'quantile', 5);
    expect(result.note).toBeNull();
    expect(result.classes.map((entry) => entry.count)).toEqual([28, 28, 28, 28, 28]);
    expect(result.classes[0]).toMatchObject({ min: 0.5, max: 27.5 });
    expect(result.classes[4]).toMatchObject({ min: 112.5, max: 139.5 });
  });

  it('keeps empty equal-interval classes with their cut points', () => {
    const result = classify([0, 0.5, 1, 2, 3, 4, 100], 'equal', 5);
    expect(result.classes.map((entry) => entry.count)).toEqual([6, 0, 0, 0, 1]);
    expect(result.classes[1]).toMatchObject({ min: 20, max: 40, count: 0, single: false });
  });

  it('has one empty class and no breaks when there is nothing to classify', () => {
    const result = classify([null, null], 'jenks', 5);
    expect(result.breaks).toEqual([]);
    expect(result.classes).toEqual([{ min: 0, max: 0, count: 0, single: false }]);
  });

  it('always puts every value in a class', () => {
    const values = [3.2, 3.2, 3.2, 7, 8.25, 8.25, 9, 12, 40, 41, 0.1];
    for (const method of ['quantile', 'jenks', 'equal'] as const) {
      const result = classify(values, method, 5);
      expect(result.classes.reduce((sum, entry) => sum + entry.count, 0)).toBe(values.length);
      expect(classCounts(values, result.breaks)).toEqual(result.classes.map((entry) => entry.count));
    }
  });
});
