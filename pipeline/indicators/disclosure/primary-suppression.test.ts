import { describe, expect, it } from 'vitest';
import { DisclosureInputError } from './disclosure-input-error.ts';
import { isPrimarySuppressed, primarySuppressionTest, strictestRule } from './primary-suppression.ts';

describe('isPrimarySuppressed', () => {
  it('withholds 0 < count < threshold and publishes 0', () => {
    expect(isPrimarySuppressed(0, 5)).toBe(false);
    expect(isPrimarySuppressed(1, 5)).toBe(true);
    expect(isPrimarySuppressed(4, 5)).toBe(true);
    expect(isPrimarySuppressed(5, 5)).toBe(false);
  });
  it('treats null/undefined as unknown (missing, nothing to withhold) and rejects nonsense', () => {
    expect(isPrimarySuppressed(null, 5)).toBe(false);
    expect(isPrimarySuppressed(undefined, 5)).toBe(false);
    expect(() => isPrimarySuppressed(-1, 5)).toThrow(DisclosureInputError);
    expect(() => isPrimarySuppressed(Number.NaN, 5)).toThrow(DisclosureInputError);
  });
});

describe('primarySuppressionTest', () => {
  it('answers as isPrimarySuppressed for every valid count, and checks its threshold once, up front', () => {
    for (const threshold of [0, 1, 5, 10]) {
      const small = primarySuppressionTest(threshold);
      for (let count = 0; count <= 12; count++) expect(small(count), `${count} under ${threshold}`).toBe(isPrimarySuppressed(count, threshold));
    }
    expect(() => primarySuppressionTest(-1)).toThrow(DisclosureInputError);
    expect(() => primarySuppressionTest(Number.NaN)).toThrow(DisclosureInputError);
    expect(() => primarySuppressionTest(Number.POSITIVE_INFINITY)).toThrow(DisclosureInputError);
  });
});

describe('strictestRule', () => {
  it('takes the highest threshold and coarsest rounding', () => {
    expect(strictestRule([{ threshold: 5 }, { threshold: 10, rounding: { base: 5 } }, { threshold: 3, rounding: { base: 10 } }]))
      .toEqual({ threshold: 10, rounding: { base: 10 } });
    expect(strictestRule([{ threshold: 3, rounding: null }, { threshold: 7 }])).toEqual({ threshold: 7, rounding: null });
    expect(() => strictestRule([])).toThrow(DisclosureInputError);
  });
});
