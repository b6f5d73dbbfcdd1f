import { describe, expect, it } from 'vitest';
import { decimalsFor, formatCount, formatNumber } from './numbers.ts';

describe('decimalsFor', () => {
  it('uses no decimals for whole numbers, two for small rates, one otherwise', () => {
    expect(decimalsFor([1, 2, 300])).toBe(0);
    expect(decimalsFor([0.25, 1.5, null])).toBe(2);
    expect(decimalsFor([12.5, 3])).toBe(1);
    expect(decimalsFor([null])).toBe(0);
  });
});

describe('formatNumber', () => {
  it('formats en-GB with a fixed number of decimals and grouping', () => {
    expect(formatNumber(12345.678, 1)).toBe('12,345.7');
    expect(formatNumber(3, 2)).toBe('3.00');
    expect(formatNumber(-0.5, 0)).toBe('-1');
  });

  it('gives an empty string for a missing number', () => {
    expect(formatNumber(null, 1)).toBe('');
    expect(formatNumber(Number.NaN, 1)).toBe('');
  });
});

describe('formatCount', () => {
  it('formats whole counts without decimals', () => {
    expect(formatCount(1532)).toBe('1,532');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(null)).toBe('');
  });
});
