import { describe, expect, it } from 'vitest';
import { classCounts, classOf, quantileBreaks, sortedFinite } from './classify.ts';

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
